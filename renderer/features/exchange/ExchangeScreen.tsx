/**
 * 書出し・取込み: carrying the ledger across the air gap as a signed (and, for B or higher, encrypted)
 * Excel workbook (【03】第7条4, 第9条, 第10条), this terminal's signing key, and the keys of other
 * sections the manager has confirmed by phone.
 */
import { useEffect, useState } from 'react';
import { formatDate } from '../../../shared/domain/formatDate';
import { ledgerFileName } from '../../../shared/ledgerFile/exportLedger';
import { publicKeyFileText, parsePublicKeyFile, keyFileMessages, type PublicKeyFile } from '../../../shared/ledgerFile/keyFiles';
import { keyFingerprint } from '../../../shared/ledgerFile/signature';
import { recordExport } from '../../data/exchangeRepository';
import { auditAnchorForNextExport } from '../../data/auditRepository';
import { distrustKey, reserveSequence, revokeSigningKey, signerFor, trustKey } from '../../data/keyRepository';
import { useDatabase } from '../../data/DatabaseContext';
import type { SigningKeyRecord } from '../../data/db';
import { useSigningKeys, useTrustedKeys } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { keyStorageMessages, SigningKeyUnavailable } from '../../platform/signingKeyStore';
import { ConfirmKey, type ConfirmedKey } from './ConfirmKey';
import { MissingSigningKey, useCreateSigningKey } from './MissingSigningKey';
import { useChangeContext, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { ImportLedger } from './ImportLedger';
import { MIN_UNENCRYPTED_REASON } from '../../../shared/registers/takeOut';
import { filePasswordProblem, PasswordFields } from '../auth/PasswordFields';
import { DEFAULT_MIN_PASSWORD } from '../../../shared/accounts/passwordPolicy';
import { Notice, type Message } from '../shell/Notice';
import { recordWorkerFailure } from '../../data/workerRefusalRepository';
import { workerFailureMessages } from '../../workers/protocol';
import { useWorkerJob } from '../../workers/useWorkerJob';
import { PREPARE_EXPORT, type ExportPrepareAnswer } from '../../workers/workerJobs';
import { JobProgress } from '../../components/JobProgress';
import { DestinationMedium, useDestinationMedia, useDestinationProblem } from './DestinationMedium';
import { destinationProblemMessages, type DestinationChoice } from '../../../shared/registers/approvedMedia';



export interface ExportScope {
  /** The asset ids to export, or undefined for the whole ledger. */
  ids?: string[];
  description: string;
}

/** Lets the browser show a busy label before a long synchronous step (a large workbook) starts. */
export const paint = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function ExchangeScreen({ scope, onLegacy }: { scope?: ExportScope; onLegacy: () => void }) {
  return (
    <section className="exchange" aria-labelledby="exchange-title">
      <h1 id="exchange-title">書出し・取込み</h1>
      <p className="muted">
        台帳を署名付きの Excel ブックにして、許可された媒体で持ち出します。取り込むときは署名を確かめ、1セルでも変わっていれば取り込みません。
      </p>
      <ExportLedger scope={scope ?? { description: '台帳全体' }} />
      <ImportLedger />
      <div className="card" role="region" aria-labelledby="legacy-title">
        <h2 id="legacy-title">既存台帳の取込み（署名なし）</h2>
        <p className="muted">これまで使ってきた Excel の台帳（IPA の情報資産管理台帳の様式や独自の様式）を、列の対応を確かめながら取り込みます。</p>
        <div className="actions actions--start">
          <button type="button" onClick={onLegacy}>既存台帳の取込みへ</button>
        </div>
      </div>
      <SigningKeys />
      <TrustedKeys />
    </section>
  );
}

/**
 * A key's fingerprint in large, spaced type so it can be read aloud over the phone: always computed
 * from the public key (all 20 characters), never taken from a file's or a record's key ID.
 */
export function Fingerprint({ publicKey }: { publicKey: string }) {
  const fingerprint = keyFingerprint(publicKey);
  return <code className="fingerprint" aria-label={`鍵ID ${fingerprint.split('').join(' ')}`}>{fingerprint}</code>;
}

function ExportLedger({ scope }: { scope: ExportScope }) {
  const db = useDatabase();
  const settings = useSectionSettings();
  const profile = useProfile();
  const context = useChangeContext();
  const keys = useSigningKeys();
  const active = keys?.find((k) => k.state === 'active');
  const [destination, setDestination] = useState('');
  const [medium, setMedium] = useState<DestinationChoice | null>(null);
  const media = useDestinationMedia();
  const mediumProblem = useDestinationProblem(medium, media);
  const [encrypt, setEncrypt] = useState(true);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const worker = useWorkerJob();

  const run = async () => {
    setMessage(null);
    if (!active) return setMessage({ kind: 'error', text: writeFailureMessages['no-signing-key'] });
    if (destination.trim() === '') return setMessage({ kind: 'error', text: '持出し先を入力してください（持出しの記録に残ります）。' });
    // 【03】第8条1: checked before the file is saved, so nothing is written to a medium that may not be used.
    if (mediumProblem || !medium) return setMessage({ kind: 'error', text: destinationProblemMessages[mediumProblem ?? 'no-medium'] });
    const problem = encrypt ? filePasswordProblem(password, confirm) : null;
    if (problem) return setMessage({ kind: 'error', text: problem });
    setBusy(true);
    try {
      const now = new Date().toISOString();
      let signer: ReturnType<typeof signerFor> | null = null;
      let reservedSequence: number | null = null;
      // Reading the assets, checking what encryption they need, sorting, digesting, writing and
      // encrypting 100,000 rows run in a worker that reads the database itself (issue 15). It asks
      // this thread for the two things that are writes or need the key: the sequence number
      // (reserved here, through the gated repository, only after the worker's checks passed) and the
      // signature over the small message it sends (see workers/protocol.ts).
      const prepare = async (): Promise<ExportPrepareAnswer> => {
        // 【07】第17条: the audit log's head leaves with the file, so the receiver can tell if it is later cut or rewritten.
        const audit = await auditAnchorForNextExport(db);
        if (!audit.ok) return { ok: false, text: `監査ログの記録 #${audit.seq} が見つからないため、書き出しを中止しました（記録が削除された可能性）。台帳は変更されていません。セキュリティ管理者と情報セキュリティ事務局に報告してください。` };
        const reserved = await reserveSequence(db);
        if (!reserved.ok) return { ok: false, text: writeFailureMessages[reserved.reason] };
        reservedSequence = reserved.value.sequence;
        signer = signerFor(reserved.value.key, platform.signingKeys);
        return { ok: true, sequence: reserved.value.sequence, publicKey: signer.publicKey, ...(audit.anchor ? { audit: audit.anchor } : {}) };
      };
      const job = await worker.run(
        'exportLedger',
        {
          database: db.name,
          ...(scope.ids ? { ids: scope.ids } : {}),
          profile,
          organisation: settings.organisation,
          section: settings.section,
          exportedAt: now,
          appVersion: import.meta.env.VITE_APP_VERSION ?? 'preview',
          password: encrypt ? password : null,
          unencryptedReason: encrypt ? '' : reason,
        },
        {
          database: db,
          answer: async (question) => {
            if (question !== PREPARE_EXPORT) throw new Error(`unexpected question ${question}`);
            return prepare();
          },
          sign: async (_publicKey, message) => {
            if (!signer) throw new Error('署名鍵が準備されていません。');
            return signer.sign(message);
          },
        },
      );
      if (!job.ok) {
        if (job.reason === 'signing-failed') return setMessage({ kind: 'error', text: `署名できなかったため、書き出していません。${job.detail}` });
        if (job.reason !== 'cancelled') await recordWorkerFailure(db, 'ledger.export', job.reason, job.detail, context());
        if (job.reason === 'cancelled') return setMessage({ kind: 'ok', text: `書き出しを中止しました。ファイルは作られず、台帳も持出しの記録も変更されていません${reservedSequence !== null ? `（予約した通番 ${reservedSequence} は使われません）` : ''}。` });
        return setMessage({ kind: 'error', text: `書き出せませんでした。${workerFailureMessages[job.reason]}` });
      }
      const result = job.value;
      if (!result.ok) {
        if (result.reason === 'empty') return setMessage({ kind: 'error', text: '書き出す資産がありません。台帳一覧で資産を確かめてください。' });
        if (result.reason === 'not-prepared') return setMessage({ kind: 'error', text: result.text });
        // 【03】第6条3: say when an undecided class is what makes encryption necessary.
        const { undecided, undecidedCount } = result;
        const why = undecidedCount > 0 ? `分類が決まっていない資産（${undecided.join('、')}${undecidedCount > undecided.length ? ` ほか${undecidedCount - undecided.length}件` : ''}）は、セキュリティ管理者が分類を承認するまで最も厳しい分類で取り扱います（【03】第6条3）。` : '';
        return setMessage({ kind: 'error', text: `書き出す資産に暗号化が必要な分類（B 以上）が含まれます（【03】第7条4）。${why}暗号化しない場合は、その理由を${MIN_UNENCRYPTED_REASON}文字以上で入力してください。` });
      }
      const { bytes: file, signed } = result;
      const name = ledgerFileName(settings.section, now);
      if (!(await platform.saveFile(name, file))) return setMessage({ kind: 'error', text: '保存を取り消しました。持出しの記録には残していません。' });
      const recorded = await recordExport(db, { meta: signed.meta, audit: signed.audit, fileName: name, scope: scope.description, destination: destination.trim(), medium: medium.kind === 'offLedger' ? medium.description.trim() : '', destinationMedium: { choice: medium, profile }, encrypted: encrypt, unencryptedReason: encrypt ? '' : reason.trim() }, context());
      if (!recorded.ok) return setMessage({ kind: 'error', text: writeFailureMessages[recorded.reason] });
      setPassword('');
      setConfirm('');
      setMessage({ kind: 'ok', text: `「${name}」（${signed.meta.rowCount.toLocaleString('ja-JP')}件、通番 ${signed.meta.sequence}）を書き出し、持出しの記録に残しました。${encrypt ? 'パスワードはファイルとは別の方法で相手に伝えてください。' : ''}` });
    } catch (error) {
      console.error('[export] failed', error);
      if (error instanceof SigningKeyUnavailable) return setMessage({ kind: 'error', text: `署名できなかったため、書き出していません。${error.message}` });
      setMessage({ kind: 'error', text: '書き出せませんでした。台帳は変更されていません。もう一度お試しください。' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" role="region" aria-labelledby="export-title">
      <h2 id="export-title">台帳の書出し</h2>
      <p>
        書き出す範囲: <strong>{scope.description}</strong>
        {scope.ids && `（${scope.ids.length.toLocaleString('ja-JP')}件）`}
      </p>
      {!active && keys && <MissingSigningKey purpose="書き出す台帳" onCreated={setMessage} />}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="export-destination">持出し先</label>
          <input id="export-destination" value={destination} onChange={(e) => setDestination(e.target.value)} placeholder="例: 情報政策課（情報セキュリティ事務局）" />
        </div>
      </div>
      <DestinationMedium id="export" media={media} value={medium} onChange={setMedium} />
      <label className="checkbox">
        <input type="checkbox" checked={encrypt} onChange={(e) => setEncrypt(e.target.checked)} />
        パスワードで暗号化する（Excel・LibreOffice で開くときにパスワードを求められます）
      </label>
      {encrypt ? (
        <div className="form-grid">
          <PasswordFields label="パスワード" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problems={[]} minLength={DEFAULT_MIN_PASSWORD} hint="ファイルとは別の方法（電話や手渡しのメモ）で相手に伝えてください。" />
        </div>
      ) : (
        <div className="field">
          <label htmlFor="export-reason">暗号化しない理由（B 以上を含むときは必須、持出しの記録に残ります）</label>
          <input id="export-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
      )}
      <Notice message={message} />
      <JobProgress label="書出し" progress={worker.progress} onCancel={worker.cancel} />
      <div className="actions actions--start">
        <button type="button" className="primary" disabled={busy || !active} onClick={() => void run()}>
          {busy ? '書き出しています…' : '署名して書き出す'}
        </button>
      </div>
    </div>
  );
}

function SigningKeys() {
  const db = useDatabase();
  const settings = useSectionSettings();
  const context = useChangeContext();
  const keys = useSigningKeys();
  const [message, setMessage] = useState<Message>(null);
  const active = keys?.find((k) => k.state === 'active');
  const held = useHeldHere(active);

  const createKey = useCreateSigningKey();
  const create = async () => {
    if (active && !window.confirm('新しい鍵を作り、今の鍵を使用終了にします。新しい鍵の公開鍵ファイルを、取り込む側（情報セキュリティ事務局など）に渡し直す必要があります。よろしいですか。')) return;
    setMessage(await createKey());
  };

  const savePublic = async () => {
    if (!active) return;
    const text = publicKeyFileText({ publicKey: active.publicKey, organisation: settings.organisation, section: settings.section, createdAt: active.createdAt });
    const saved = await platform.saveFile(`公開鍵_${settings.section}_${keyFingerprint(active.publicKey)}.daicho-key`, new TextEncoder().encode(text));
    if (saved) setMessage({ kind: 'ok', text: '公開鍵ファイルを保存しました。秘密の情報は含まれていません。' });
  };

  const revoke = async (key: SigningKeyRecord) => {
    const reason = window.prompt('鍵を失効させる理由を入力してください（例: 端末の紛失）。失効した鍵で署名した台帳は、この端末では取り込めなくなります。取り込む側にも失効を連絡してください。');
    if (!reason) return;
    const result = await revokeSigningKey(db, key.keyId, reason, context());
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    // A revoked key signs nothing more: its private key is erased where it is kept.
    await platform.signingKeys.discard(key).catch((error: unknown) => console.error('[keys] could not erase a revoked private key', error));
    setMessage({ kind: 'ok', text: `鍵 ${keyFingerprint(key.publicKey)} を失効させました。` });
  };

  return (
    <div className="card" role="region" aria-labelledby="keys-title">
      <h2 id="keys-title">この端末の署名鍵</h2>
      <p className="muted">{platform.signingKeys.description}相手には、下の鍵ID（20文字）を電話で読み上げて確かめてもらいます。</p>
      {active && platform.signingKeys.storage === 'desktop' && active.privateKey && <p className="error" role="alert">{keyStorageMessages.legacyInDesktop}</p>}
      {active && held === false && <p className="error" role="alert">{keyStorageMessages.notOnThisTerminal}</p>}
      {active ? (
        <p>
          使用中の鍵ID: <Fingerprint publicKey={active.publicKey} />（{formatDate(active.createdAt, settings.dateStyle)} 作成・次の通番 {active.nextSequence}）
        </p>
      ) : (
        <p>署名鍵はまだありません。</p>
      )}
      <Notice message={message} />
      <div className="actions actions--start">
        <button type="button" className={active ? undefined : 'primary'} onClick={() => void create()}>{active ? '鍵を更新する（新しい鍵に切替え）' : '署名鍵を作成'}</button>
        {active && <button type="button" onClick={() => void savePublic()}>公開鍵ファイルを保存</button>}
      </div>
      {keys && keys.length > 0 && (
        <table className="audit-table" aria-label="署名鍵の一覧">
          <thead><tr><th scope="col">鍵ID</th><th scope="col">作成</th><th scope="col">状態</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.keyId}>
                <td><code>{keyFingerprint(k.publicKey)}</code></td>
                <td>{formatDate(k.createdAt, settings.dateStyle)} {k.createdBy}</td>
                <td>{k.state === 'active' ? '使用中' : k.state === 'retired' ? `使用終了（${formatDate(k.retiredAt ?? '', settings.dateStyle)}）` : `失効（${formatDate(k.revokedAt ?? '', settings.dateStyle)}）`}</td>
                <td>{k.state !== 'revoked' && <button type="button" className="link" onClick={() => void revoke(k)}>失効させる</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Whether this terminal holds the active key's private key (null while asking). */
function useHeldHere(active: SigningKeyRecord | undefined): boolean | null {
  const [held, setHeld] = useState<{ keyId: string; held: boolean } | null>(null);
  useEffect(() => {
    if (!active) return;
    let current = true;
    void platform.signingKeys.holds(active).then((value) => current && setHeld({ keyId: active.keyId, held: value }), () => undefined);
    return () => {
      current = false;
    };
  }, [active]);
  return active && held?.keyId === active.keyId ? held.held : null;
}

function TrustedKeys() {
  const db = useDatabase();
  const settings = useSectionSettings();
  const context = useChangeContext();
  const trusted = useTrustedKeys();
  const own = new Set(useSigningKeys()?.map((k) => k.publicKey));
  const [candidate, setCandidate] = useState<PublicKeyFile | null>(null);
  const [message, setMessage] = useState<Message>(null);

  const open = async (file: File | undefined) => {
    setMessage(null);
    setCandidate(null);
    if (!file) return;
    if (file.size > 10_000) return setMessage({ kind: 'error', text: keyFileMessages['not-key-file'] });
    const parsed = parsePublicKeyFile(await file.text());
    if (!parsed.ok) return setMessage({ kind: 'error', text: keyFileMessages[parsed.reason] });
    setCandidate(parsed.key);
  };

  const add = async (confirmed: ConfirmedKey) => {
    if (!candidate) return;
    const claimed = { organisation: candidate.organisation, section: candidate.section };
    const result = await trustKey(db, { keyId: candidate.keyId, publicKey: candidate.publicKey, ...confirmed, claimed }, context());
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    setCandidate(null);
    setMessage({ kind: 'ok', text: `${confirmed.organisation} ${confirmed.section} の鍵（${keyFingerprint(candidate.publicKey)}）を信頼する鍵に登録しました。` });
  };

  const remove = async (key: { keyId: string; publicKey: string }) => {
    const fingerprint = keyFingerprint(key.publicKey);
    if (!window.confirm(`鍵 ${fingerprint} を失効扱いにします。この鍵で署名された台帳は取り込めなくなり、元に戻せません。よろしいですか。`)) return;
    const result = await distrustKey(db, key.keyId, context());
    setMessage(result.ok ? { kind: 'ok', text: `鍵 ${fingerprint} を失効扱いにしました。` } : { kind: 'error', text: writeFailureMessages[result.reason] });
  };

  return (
    <div className="card" role="region" aria-labelledby="trusted-title">
      <h2 id="trusted-title">信頼する鍵</h2>
      <p className="muted">ほかの課（または情報セキュリティ事務局）の公開鍵ファイルを登録します。登録するには、相手に電話で鍵ID（20文字）を読み上げてもらい、それを入力します。</p>
      <div className="field">
        <label htmlFor="trusted-file">公開鍵ファイル（.daicho-key）</label>
        <input id="trusted-file" type="file" accept=".daicho-key,.json" onChange={(e) => void open(e.target.files?.[0])} />
      </div>
      {candidate && (
        <div role="region" aria-label="登録する鍵の確認">
          <p>公開鍵ファイルを読み込みました（ファイルには「{candidate.organisation} {candidate.section}」と書かれています）。</p>
          <ConfirmKey key={candidate.publicKey} publicKey={candidate.publicKey} claimed={{ organisation: candidate.organisation, section: candidate.section }} submitLabel="信頼する鍵に登録" onConfirm={(confirmed) => void add(confirmed)}>
            <button type="button" onClick={() => setCandidate(null)}>登録しない</button>
          </ConfirmKey>
        </div>
      )}
      <Notice message={message} />
      {trusted && trusted.length > 0 && (
        <table className="audit-table" aria-label="信頼する鍵の一覧">
          <thead><tr><th scope="col">鍵ID</th><th scope="col">団体・課</th><th scope="col">登録</th><th scope="col">最後に取り込んだ通番</th><th scope="col">状態</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {trusted.map((k) => (
              <tr key={k.keyId}>
                <td><code>{keyFingerprint(k.publicKey)}</code></td>
                <td>{k.organisation} {k.section}{own.has(k.publicKey) && '（この端末の鍵）'}</td>
                <td>{formatDate(k.addedAt, settings.dateStyle)} {k.addedBy}</td>
                <td>{k.lastSequence || 'なし'}</td>
                <td>{k.revokedAt ? `失効（${formatDate(k.revokedAt, settings.dateStyle)}）` : '有効'}</td>
                <td>{!k.revokedAt && <button type="button" className="link" onClick={() => void remove(k)}>失効扱いにする</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
