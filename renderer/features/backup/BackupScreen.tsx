/**
 * バックアップ: an encrypted backup of the whole ledger to approved media (【03】第11条), the reminder
 * interval, a verified restore, and the yearly restore test (【11】第8条). Making a backup is a security
 * manager's action (it holds the whole database, password hashes included) and the file is signed with
 * this terminal's key; only backups signed by the section's keys are opened for restore.
 */
import { useRef, useState } from 'react';
import { backupReadMessages, type BackupHeader } from '../../../shared/backup/backupFile';
import { backupFileName, backupTableLabels, backupTables, countBackup, restoreRefusalMessages, type BackupContent, type RestoreComparison } from '../../../shared/backup/backupContent';
import { formatDate } from '../../../shared/domain/formatDate';
import { authorizeRestoreTest, backupSigningKeys, recordBackup, recordBackupFailure, recordRestoreTest, restoreDatabase, setBackupInterval } from '../../data/backupRepository';
import { getActiveSigningKey, signerFor } from '../../data/keyRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { SCHEMA_VERSION } from '../../data/db';
import { useBackupSchedule, useSigningKeys } from '../../data/useLedger';
import { MissingSigningKey } from '../exchange/MissingSigningKey';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { useCan, useChangeContext, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { filePasswordProblem, PasswordFields } from '../auth/PasswordFields';
import { DEFAULT_MIN_PASSWORD } from '../../../shared/accounts/passwordPolicy';
import { Notice, type Message } from '../shell/Notice';
import { recordWorkerFailure } from '../../data/workerRefusalRepository';
import { workerFailureMessages } from '../../workers/protocol';
import { useWorkerJob } from '../../workers/useWorkerJob';
import { JobProgress } from '../../components/JobProgress';
import { DestinationMedium, useDestinationMedia, useDestinationProblem } from '../exchange/DestinationMedium';
import { destinationProblemMessages, type DestinationChoice } from '../../../shared/registers/approvedMedia';

/** Larger than any real ledger's backup; refuses a wrong multi-gigabyte file before reading it. */
const MAX_BACKUP_BYTES = 512 * 1024 * 1024;
const intervals = [7, 14, 30, 60, 90];

/** Every refusal a backup or restore can end with, in one place for the screen. */
const failureMessages: Record<string, string> = { ...writeFailureMessages, ...backupReadMessages, ...restoreRefusalMessages };
/** A refusal's message, naming the table it was found in when the check says (never its data). */
const failureText = (failure: { reason: string; table?: string | null }) =>
  `${failureMessages[failure.reason]!}${failure.table && failure.table in backupTableLabels ? `（見つかった表：${backupTableLabels[failure.table as keyof typeof backupTableLabels]}）` : ''}`;


export function BackupScreen() {
  const settings = useSectionSettings();
  const can = useCan();
  const schedule = useBackupSchedule();
  const isManager = can('backup.restore');
  return (
    <section className="backup" aria-labelledby="backup-title">
      <h1 id="backup-title">バックアップと復元</h1>
      <p className="muted">
        前回のバックアップ: {schedule?.lastBackupAt ? formatDate(schedule.lastBackupAt, settings.dateStyle) : 'まだありません'}
        {schedule && `（間隔: ${schedule.intervalDays}日ごと）`}
      </p>
      {can('backup.create') ? (
        <CreateBackup />
      ) : (
        <div className="card" role="region" aria-labelledby="create-title">
          <h2 id="create-title">バックアップを作成</h2>
          <p className="hint">バックアップの作成はセキュリティ管理者だけが行えます（台帳全体とパスワードのハッシュを含み、持出しにあたるため）。必要なときはセキュリティ管理者に依頼してください。</p>
        </div>
      )}
      {can('backup.interval') && schedule && <IntervalSetting current={schedule.intervalDays} />}
      <RestoreBackup isManager={isManager} />
    </section>
  );
}

function CreateBackup() {
  const db = useDatabase();
  const settings = useSectionSettings();
  const context = useChangeContext();
  const profile = useProfile();
  const signingKeys = useSigningKeys();
  const [medium, setMedium] = useState<DestinationChoice | null>(null);
  const media = useDestinationMedia();
  const mediumProblem = useDestinationProblem(medium, media);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const worker = useWorkerJob();

  const create = async () => {
    setMessage(null);
    const problem = filePasswordProblem(password, confirm);
    if (problem) return setMessage({ kind: 'error', text: problem });
    const key = await getActiveSigningKey(db);
    if (!key) return setMessage({ kind: 'error', text: `${writeFailureMessages['no-signing-key']}（バックアップにもこの鍵で署名します。）` });
    // 【03】第8条1: a permitted, labelled medium (or one outside the ledger, with a reason), checked before saving.
    if (mediumProblem || !medium) return setMessage({ kind: 'error', text: destinationProblemMessages[mediumProblem ?? 'no-medium'] });
    setBusy(true);
    try {
      const now = new Date().toISOString();
      // Reading every table (one read transaction), scrypt (128 MiB) and AES-GCM over the whole
      // database run in a worker that opens the database itself (issue 15); the signature over the
      // file's SHA-256 is made here with this terminal's key (see workers/protocol.ts).
      const signer = signerFor(key, platform.signingKeys);
      const job = await worker.run(
        'writeBackup',
        { database: db.name, organisation: settings.organisation, section: settings.section, password, appVersion: import.meta.env.VITE_APP_VERSION ?? 'preview', schemaVersion: SCHEMA_VERSION, createdAt: now, keyId: key.keyId, publicKey: key.publicKey },
        { database: db, sign: async (_publicKey, message) => signer.sign(message) },
      );
      if (!job.ok) {
        if (job.reason === 'cancelled') return setMessage({ kind: 'ok', text: 'バックアップの作成を中止しました。ファイルは作られていません。' });
        if (job.reason !== 'signing-failed') await recordWorkerFailure(db, 'backup.create', job.reason, job.detail, context());
        return setMessage({ kind: 'error', text: `バックアップを作成できませんでした。${job.reason === 'signing-failed' ? job.detail : workerFailureMessages[job.reason]}` });
      }
      const file = job.value.bytes;
      const name = backupFileName(settings.section, now);
      if (!(await platform.saveFile(name, file))) return setMessage({ kind: 'error', text: '保存を取り消しました。バックアップは作成されていません。' });
      const recorded = await recordBackup(db, job.value.counts, name, context(), { choice: medium, profile });
      if (!recorded.ok) return setMessage({ kind: 'error', text: writeFailureMessages[recorded.reason] });
      setPassword('');
      setConfirm('');
      setMessage({ kind: 'ok', text: `バックアップ「${name}」を保存しました。パスワードは別に安全に保管してください（パスワードがないと復元できません）。` });
    } catch (error) {
      console.error('[backup] failed', error);
      setMessage({ kind: 'error', text: 'バックアップを保存できませんでした。保存先の媒体と空き容量を確認して、もう一度お試しください。' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" aria-labelledby="create-title" role="region">
      <h2 id="create-title">バックアップを作成</h2>
      <p className="muted">
        台帳のすべて（資産・変更履歴・分類・監査ログ・設定）を、パスワードで暗号化した1つのファイルにして、許可された媒体に保存します。ファイルにはこの端末の署名鍵で署名し、この課の鍵で署名されたバックアップだけを復元できます。
      </p>
      {signingKeys && !signingKeys.some((k) => k.state === 'active') && <MissingSigningKey purpose="バックアップ" onCreated={setMessage} />}
      <DestinationMedium id="backup" media={media} value={medium} onChange={setMedium} />
      <div className="form-grid">
        <PasswordFields label="パスワード" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problems={[]} minLength={DEFAULT_MIN_PASSWORD} hint="復元にはこのパスワードが必要です。台帳とは別に安全に保管してください。" />
      </div>
      <Notice message={message} />
      <JobProgress label="バックアップの作成" progress={worker.progress} onCancel={worker.cancel} />
      <div className="actions actions--start">
        <button type="button" className="primary" disabled={busy} onClick={() => void create()}>
          {busy ? '暗号化しています…' : 'バックアップを保存'}
        </button>
      </div>
    </div>
  );
}

function IntervalSetting({ current }: { current: number }) {
  const db = useDatabase();
  const context = useChangeContext();
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="card" role="region" aria-labelledby="interval-title">
      <h2 id="interval-title">バックアップの間隔</h2>
      <div className="inline-form">
        <label htmlFor="backup-interval">この日数を過ぎると台帳一覧でお知らせします</label>
        <select
          id="backup-interval"
          value={current}
          onChange={async (event) => {
            const result = await setBackupInterval(db, Number(event.target.value), context());
            setError(result.ok ? null : writeFailureMessages[result.reason]);
          }}
        >
          {intervals.map((days) => (
            <option key={days} value={days}>
              {days}日
            </option>
          ))}
        </select>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
    </div>
  );
}

type Loaded = { header: BackupHeader; content: BackupContent; auditIntact: boolean };

function RestoreBackup({ isManager }: { isManager: boolean }) {
  const db = useDatabase();
  const settings = useSectionSettings();
  const context = useChangeContext();
  const [file, setFile] = useState<File | null>(null);
  const [password, setPassword] = useState('');
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  /** The file and password `loaded` was opened with. */
  const source = useRef<{ file: File; password: string } | null>(null);
  const tester = useWorkerJob();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const [test, setTest] = useState<(RestoreComparison & { auditChainIntact: boolean }) | null>(null);
  const worker = useWorkerJob();

  const open = async () => {
    setMessage(null);
    setLoaded(null);
    setTest(null);
    if (!file) return setMessage({ kind: 'error', text: '復元するバックアップファイルを選んでください。' });
    if (file.size > MAX_BACKUP_BYTES) return setMessage({ kind: 'error', text: 'ファイルが大きすぎます（512MBまで）。Daichō のバックアップファイルを選んでください。台帳は変更されていません。' });
    setBusy(true);
    try {
      // Signature, scrypt, decryption, every table's schema and the audit chain: in a worker.
      const bytes = new Uint8Array(await file.arrayBuffer());
      const job = await worker.run(
        'readBackup',
        { bytes, password, schemaVersion: SCHEMA_VERSION, acceptedKeys: await backupSigningKeys(db, settings) },
        { transfer: [bytes.buffer] },
      );
      if (!job.ok) {
        if (job.reason === 'cancelled') return setMessage({ kind: 'ok', text: '確認を中止しました。台帳は変更されていません。' });
        await recordWorkerFailure(db, 'backup.restore', job.reason, job.detail, context());
        return setMessage({ kind: 'error', text: `バックアップを確認できませんでした。${workerFailureMessages[job.reason]}` });
      }
      const result = job.value;
      if (!result.ok) {
        await recordBackupFailure(db, 'backup.restore', result.reason, context());
        return setMessage({ kind: 'error', text: failureText(result) });
      }
      setLoaded({ header: result.header, content: result.content, auditIntact: result.auditIntact });
      source.current = { file, password };
    } finally {
      setBusy(false);
    }
  };

  const restore = async () => {
    if (!loaded) return;
    if (!window.confirm('現在の台帳をこのバックアップの内容に置き換えます。監査ログは置き換えません（バックアップ内の記録は別に保管します）。よろしいですか。')) return;
    setBusy(true);
    const result = await restoreDatabase(db, loaded.content, loaded.header.schemaVersion, { ...context(), backupCreatedAt: loaded.header.createdAt });
    setBusy(false);
    if (!result.ok) {
      await recordBackupFailure(db, 'backup.restore', result.reason, context());
      return setMessage({ kind: 'error', text: failureText(result) });
    }
    setLoaded(null);
    setPassword('');
    setMessage({ kind: 'ok', text: 'バックアップから復元しました。監査ログはそのまま続き、バックアップにだけある記録は「監査ログ」画面の「別に保管した記録」で確認できます。' });
  };

  // The restore test opens the same file again in its worker (the content shown stays here, and a
  // second copy of 100,000 assets is not sent across), so the file and password it was opened with
  // are kept: choosing another file afterwards does not change what is tested.
  const runTest = async () => {
    if (!loaded || !source.current) return;
    setBusy(true);
    try {
      const allowed = await authorizeRestoreTest(db);
      if (!allowed.ok) return setMessage({ kind: 'error', text: writeFailureMessages[allowed.reason] });
      const bytes = new Uint8Array(await source.current.file.arrayBuffer());
      const job = await tester.run(
        'testRestore',
        { bytes, password: source.current.password, schemaVersion: SCHEMA_VERSION, acceptedKeys: await backupSigningKeys(db, settings), scratch: 'daicho-restore-test' },
        { transfer: [bytes.buffer] },
      );
      if (!job.ok) {
        if (job.reason === 'cancelled') return setMessage({ kind: 'ok', text: '復元テストを中止しました。台帳は変更されていません。' });
        await recordWorkerFailure(db, 'backup.restoreTest', job.reason, job.detail, context());
        return setMessage({ kind: 'error', text: `復元テストができませんでした。${workerFailureMessages[job.reason]}` });
      }
      if (!job.value.ok) {
        await recordBackupFailure(db, 'backup.restoreTest', job.value.reason, context());
        return setMessage({ kind: 'error', text: failureText(job.value) });
      }
      const result = await recordRestoreTest(db, { ...job.value.result, counts: job.value.counts }, { ...context(), backupCreatedAt: job.value.header.createdAt });
      if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
      setTest(result.value);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="card" role="region" aria-labelledby="restore-title">
      <h2 id="restore-title">バックアップから復元・復元テスト</h2>
      <p className="muted">ファイルとパスワードを確かめてから内容を表示します。確認するまで台帳は変更されません。</p>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="restore-file">バックアップファイル</label>
          <input id="restore-file" type="file" accept=".daicho-backup" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
        <div className="field">
          <label htmlFor="restore-password">パスワード</label>
          <input id="restore-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
      </div>
      <div className="actions actions--start">
        <button type="button" disabled={busy} onClick={() => void open()}>
          {busy ? '確認しています…' : 'ファイルを確認'}
        </button>
      </div>
      <JobProgress label="バックアップの確認" progress={worker.progress} onCancel={worker.cancel} />
      <Notice message={message} />
      {loaded && (
        <div className="backup-summary" role="region" aria-label="バックアップの内容">
          <dl className="fields">
            <div className="fields__row"><dt>作成日時</dt><dd>{formatDate(loaded.header.createdAt, settings.dateStyle)}</dd></div>
            <div className="fields__row"><dt>団体・課</dt><dd>{loaded.content.organisation} {loaded.content.section}</dd></div>
            <div className="fields__row"><dt>署名した鍵</dt><dd><code>{loaded.header.signer.keyId}</code>（この課の鍵であることを確認済み）</dd></div>
            <div className="fields__row"><dt>アプリの版</dt><dd>{loaded.header.appVersion}（データ形式 {loaded.header.schemaVersion}）</dd></div>
            {backupTables.map((table) => (
              <div className="fields__row" key={table}><dt>{backupTableLabels[table]}</dt><dd>{countBackup(loaded.content)[table].toLocaleString('ja-JP')} 件</dd></div>
            ))}
            <div className="fields__row"><dt>監査ログ</dt><dd>{loaded.auditIntact ? '改ざんは検出されませんでした' : '改ざんの可能性があります（復元前に確認してください）'}</dd></div>
          </dl>
          {loaded.content.section !== settings.section && <p className="notice">このバックアップは別の課（{loaded.content.section}）のものです。</p>}
          <div className="actions actions--start">
            <button type="button" disabled={busy} onClick={() => void runTest()}>復元テストを実行（台帳は変更しません）</button>
            {isManager ? (
              <button type="button" className="danger" disabled={busy} onClick={() => void restore()}>この内容で台帳を置き換える</button>
            ) : (
              <span className="hint">台帳の置き換えはセキュリティ管理者だけが行えます。</span>
            )}
          </div>
          <JobProgress label="復元テスト" progress={tester.progress} onCancel={tester.cancel} />
        </div>
      )}
      {test && (
        <div className={test.matches && test.auditChainIntact ? 'success' : 'error'} role="status">
          {test.matches && test.auditChainIntact
            ? `復元テスト: 一致しました（${test.tables.map((t) => `${backupTableLabels[t.table]} ${t.actualCount}件`).join('、')}）。結果は監査ログに記録しました。`
            : `復元テスト: 一致しませんでした（${test.tables.filter((t) => !t.digestMatches).map((t) => backupTableLabels[t.table]).join('、') || '監査ログの連鎖'}）。結果は監査ログに記録しました。`}
        </div>
      )}
    </div>
  );
}
