/**
 * 取込み of a signed ledger: open (with the password when encrypted), verify every cell against the
 * signature and the signer against the trusted keys, show the difference, and apply it only when the
 * manager confirms. Nothing changes before that, and a refused file is recorded in the audit log.
 */
import { useState } from 'react';
import { importRefusalMessage, type ImportedAsset, type ImportRefusal } from '../../../shared/ledgerFile/importLedger';
import { MAX_LEDGER_BYTES } from '../../../shared/ledgerFile/ledgerWorkbook';
import { keyFingerprint, type LedgerMeta } from '../../../shared/ledgerFile/signature';
import { applyLedgerImport, recordImportRefusal } from '../../data/exchangeRepository';
import { listTrustedKeys, trustKey } from '../../data/keyRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { useChangeContext, useProfile } from '../shell/SettingsContext';
import { paint } from './ExchangeScreen';
import { ConfirmKey, type ConfirmedKey } from './ConfirmKey';
import { Notice, type Message } from '../shell/Notice';
import { recordWorkerFailure } from '../../data/workerRefusalRepository';
import { workerFailureMessages } from '../../workers/protocol';
import { useWorkerJob } from '../../workers/useWorkerJob';
import type { DiffSummary } from '../../workers/workerJobs';
import { JobProgress } from '../../components/JobProgress';

type Stage =
  | { name: 'idle' }
  | { name: 'refused'; refusal: ImportRefusal }
  | { name: 'unknown-signer'; meta: LedgerMeta; publicKey: string }
  | { name: 'ready'; meta: LedgerMeta; publicKey: string; rows: ImportedAsset[]; diff: DiffSummary };

export function ImportLedger() {
  const db = useDatabase();
  const profile = useProfile();
  const context = useChangeContext();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [stage, setStage] = useState<Stage>({ name: 'idle' });
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const refuse = async (refusal: ImportRefusal) => {
    setStage({ name: 'refused', refusal });
    await recordImportRefusal(db, file?.name ?? '', refusal.reason, context());
  };

  const worker = useWorkerJob();

  /**
   * Decrypt, read, verify the cells and the signer, parse the rows and compare with the ledger, all in
   * a worker (a 100,000-row file takes seconds) that reads the ledger itself; its rows come back in
   * slices and the difference as counts and the first rows shown. After a new signer is trusted the file is checked
   * again from its bytes: simpler than keeping a parsed copy, and the check sees the new key record.
   */
  const check = async (chosen: File) => {
    const bytes = new Uint8Array(await chosen.arrayBuffer());
    const job = await worker.run(
      'openLedger',
      { bytes, ...(password ? { password } : {}), trusted: await listTrustedKeys(db), profile, database: db.name },
      { transfer: [bytes.buffer], database: db },
    );
    if (!job.ok) {
      if (job.reason === 'cancelled') return setMessage({ kind: 'ok', text: '確認を中止しました。台帳は変更されていません。' });
      await recordWorkerFailure(db, 'ledger.import', job.reason, job.detail, context());
      return setMessage({ kind: 'error', text: `取り込めませんでした。${workerFailureMessages[job.reason]}` });
    }
    const result = job.value;
    if (!result.ok) {
      if (result.refusal.reason === 'unknown-signer') return setStage({ name: 'unknown-signer', meta: result.refusal.meta, publicKey: result.refusal.publicKey });
      if (result.refusal.reason === 'needs-password') return setStage({ name: 'refused', refusal: result.refusal });
      return refuse(result.refusal);
    }
    setStage({ name: 'ready', meta: result.meta, publicKey: result.publicKey, rows: result.rows, diff: result.diff });
  };

  const open = async () => {
    setMessage(null);
    setStage({ name: 'idle' });
    if (!file) return setMessage({ kind: 'error', text: '取り込むファイルを選んでください。' });
    if (file.size > MAX_LEDGER_BYTES) return refuse({ reason: 'too-large' });
    setBusy(true);
    try {
      await check(file);
    } finally {
      setBusy(false);
    }
  };

  const acceptSigner = async (confirmed: ConfirmedKey) => {
    if (stage.name !== 'unknown-signer') return;
    const claimed = { organisation: stage.meta.organisation, section: stage.meta.section };
    const result = await trustKey(db, { keyId: stage.meta.keyId, publicKey: stage.publicKey, ...confirmed, claimed }, context());
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    if (!file) return setStage({ name: 'idle' });
    setBusy(true);
    try {
      await check(file);
    } finally {
      setBusy(false);
    }
  };

  const apply = async () => {
    if (stage.name !== 'ready') return;
    setBusy(true);
    await paint();
    const result = await applyLedgerImport(db, stage.rows, stage.meta, profile, file?.name ?? '', context());
    setBusy(false);
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    setStage({ name: 'idle' });
    setPassword('');
    setMessage({ kind: 'ok', text: `取り込みました（追加 ${result.value.added}件、変更 ${result.value.changed}件）。変更は各資産の変更履歴と監査ログに記録されています。` });
  };

  return (
    <div className="card" role="region" aria-labelledby="import-title">
      <h2 id="import-title">署名付き台帳の取込み</h2>
      <p className="muted">署名と署名した鍵を確かめ、違いを表示します。「取り込む」を押すまで台帳は変更されません。</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="import-file">台帳ファイル（.xlsx）</label>
          <input id="import-file" type="file" accept=".xlsx" onChange={(e) => { setFile(e.target.files?.[0] ?? null); setStage({ name: 'idle' }); setMessage(null); }} />
        </div>
        <div className="field">
          <label htmlFor="import-password">パスワード（暗号化されている場合）</label>
          <input id="import-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      </div>
      <div className="actions actions--start">
        <button type="button" disabled={busy} onClick={() => void open()}>{busy ? '確かめています…' : '署名を確かめる'}</button>
      </div>
      <JobProgress label="署名の確認" progress={worker.progress} onCancel={worker.cancel} />
      <Notice message={message} />
      {stage.name === 'refused' && (
        <div role="alert" className="error">
          <p>{importRefusalMessage(stage.refusal)}</p>
          {stage.refusal.reason === 'rows-invalid' && (
            <ul>
              {stage.refusal.errors.slice(0, 50).map((e) => <li key={e.row}>{e.row}行目: {e.message}</li>)}
              {stage.refusal.errors.length > 50 && <li>ほか {stage.refusal.errors.length - 50}件</li>}
            </ul>
          )}
        </div>
      )}
      {stage.name === 'unknown-signer' && (
        <div role="region" aria-label="未登録の鍵">
          <p>
            この台帳は、信頼する鍵に登録されていない鍵で署名されています（ファイルには「{stage.meta.organisation} {stage.meta.section}」と書かれています）。
            書き出した課に確かめ、鍵IDが一致した場合だけ登録して取込みを続けます。
          </p>
          <ConfirmKey key={stage.publicKey} publicKey={stage.publicKey} claimed={{ organisation: stage.meta.organisation, section: stage.meta.section }} submitLabel="鍵を登録して続ける" onConfirm={(confirmed) => void acceptSigner(confirmed)}>
            <button type="button" onClick={() => setStage({ name: 'idle' })}>取り込まない</button>
          </ConfirmKey>
        </div>
      )}
      {stage.name === 'ready' && <DiffView stage={stage} busy={busy} onApply={() => void apply()} onCancel={() => setStage({ name: 'idle' })} />}
    </div>
  );
}

function DiffView({ stage, busy, onApply, onCancel }: { stage: Extract<Stage, { name: 'ready' }>; busy: boolean; onApply: () => void; onCancel: () => void }) {
  const { diff, meta } = stage;
  const nothing = diff.added === 0 && diff.changed === 0;
  return (
    <div className="import-diff" role="region" aria-label="取込みの内容">
      <p className="success" role="status">
        署名を確認しました: {meta.organisation} {meta.section}・鍵ID {keyFingerprint(stage.publicKey)}・通番 {meta.sequence}・{meta.rowCount.toLocaleString('ja-JP')}件（書出し {meta.exportedAt.slice(0, 10)}）
      </p>
      <p>
        追加 <strong>{diff.added}</strong>件・変更 <strong>{diff.changed}</strong>件（うち廃止・廃棄 {diff.retired}件）
      </p>
      {diff.added > 0 && (
        <details open={diff.added <= 20}>
          <summary>追加される資産（{diff.added}件）</summary>
          <ul>{diff.addedSample.map((a) => <li key={a.id}>{a.managementNumber} {a.name}</li>)}</ul>
          {diff.added > diff.addedSample.length && <p className="muted">ほか {diff.added - diff.addedSample.length}件（取り込むとすべて追加されます）</p>}
        </details>
      )}
      {diff.changed > 0 && (
        <table className="audit-table" aria-label="変更される項目">
          <thead><tr><th scope="col">管理番号</th><th scope="col">項目</th><th scope="col">現在</th><th scope="col">取込み後</th></tr></thead>
          <tbody>
            {diff.changedSample.flatMap((c) => c.fields.map((f) => (
              <tr key={`${c.id}-${f.header}`}><td>{c.managementNumber}</td><td>{f.header}</td><td>{f.from}</td><td>{f.to}</td></tr>
            )))}
          </tbody>
        </table>
      )}
      {diff.changed > diff.changedSample.length && <p className="muted">ほか {diff.changed - diff.changedSample.length}件の資産が変更されます（上の表は最初の {diff.changedSample.length}件）。</p>}
      {nothing && <p>台帳との違いはありません。取り込むと、この署名者の通番だけが記録されます。</p>}
      <div className="actions actions--start">
        <button type="button" className="primary" disabled={busy} onClick={onApply}>{busy ? '取り込んでいます…' : '取り込む'}</button>
        <button type="button" onClick={onCancel}>取り消す</button>
      </div>
    </div>
  );
}
