/**
 * アカウント (security managers only): individual accounts with one role each, temporary passwords
 * that must be changed at first login, unlock, disable, and the six-monthly rights review (【09】第7条2).
 */
import { useState } from 'react';
import { accountRoleLabels, displayNameSchema, employeeNumberSchema, userIdSchema, type Account, type AccountRole } from '../../../shared/accounts/account';
import { isLocked } from '../../../shared/accounts/lockout';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { rightsReviewDueOn, rightsReviewOverdue } from '../../../shared/registers/review';
import { changeAccount, createAccount, saveSecurityPolicy, type AccountChange, type SecurityPolicy } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAccounts, useSecurityPolicy } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { PasswordFields } from '../auth/PasswordFields';
import { useOperator, useSectionSettings } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

export function AccountsScreen() {
  const db = useDatabase();
  const operator = useOperator();
  const settings = useSectionSettings();
  const accounts = useAccounts() ?? [];
  const policy = useSecurityPolicy();
  const [message, setMessage] = useState<Message>(null);
  const [resetFor, setResetFor] = useState<string | null>(null);
  const [temp, setTemp] = useState({ password: '', confirm: '', problems: [] as string[] });
  const today = tokyoDay(new Date());

  const act = async (userId: string, change: AccountChange, done: string) => {
    setMessage(null);
    const result = await changeAccount(db, userId, change, { now: new Date().toISOString() });
    if (result.ok) return setMessage({ kind: 'ok', text: done });
    if (result.reason === 'weak-password') return setTemp((t) => ({ ...t, problems: result.problems }));
    setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
  };

  return (
    <section className="accounts" aria-labelledby="accounts-title">
      <h1 id="accounts-title">アカウント</h1>
      <p className="muted">職員ごとの個人アカウントです（共用IDは作りません）。1人1アカウント・1つの役割で（職員番号で確かめます）、セキュリティ管理者と担当者を兼ねることはできません。</p>
      <Notice message={message} />
      <table className="audit-table" aria-label="アカウントの一覧">
        <thead>
          <tr><th scope="col">氏名</th><th scope="col">職員番号</th><th scope="col">ユーザーID</th><th scope="col">役割</th><th scope="col">状態</th><th scope="col">権限の見直し期限</th><th scope="col">操作</th></tr>
        </thead>
        <tbody>
          {accounts.map((account) => {
            const due = rightsReviewDueOn(account.rightsReviewedAt);
            const overdue = rightsReviewOverdue(account.rightsReviewedAt, today);
            const locked = isLocked(account, new Date());
            const self = account.userId === operator.userId;
            return (
              <tr key={account.userId}>
                <td>{account.displayName}</td>
                <td className="mono">{account.employeeNumber ?? <EmployeeNumberEntry account={account} onSave={(employeeNumber) => act(account.userId, { kind: 'employeeNumber', employeeNumber }, `${account.displayName}の職員番号を登録しました。`)} />}</td>
                <td className="mono">{account.userId}</td>
                <td>
                  <select aria-label={`${account.displayName}の役割`} value={account.role} disabled={self} onChange={(e) => void act(account.userId, { kind: 'role', role: e.target.value as AccountRole }, `${account.displayName}の役割を変更しました。`)}>
                    {Object.entries(accountRoleLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
                  </select>
                </td>
                <td>{account.disabled ? '無効' : locked ? 'ロック中' : account.mustChangePassword ? '仮パスワード' : '有効'}</td>
                <td className={overdue ? 'error' : undefined}>{formatDate(due, settings.dateStyle)}{overdue ? '（期限切れ）' : ''}</td>
                <td className="row-actions">
                  {locked && <button type="button" onClick={() => void act(account.userId, { kind: 'unlock' }, `${account.displayName}のロックを解除しました。`)}>ロック解除</button>}
                  <button type="button" onClick={() => void act(account.userId, { kind: 'rightsReview' }, `${account.displayName}の権限を見直しました。`)}>権限を確認した</button>
                  {!self && <button type="button" onClick={() => { setResetFor(account.userId); setTemp({ password: '', confirm: '', problems: [] }); }}>仮パスワードを設定</button>}
                  {!self && <button type="button" className="danger" onClick={() => void act(account.userId, { kind: 'disable', disabled: !account.disabled }, account.disabled ? '有効にしました。' : '無効にしました。')}>{account.disabled ? '有効にする' : '無効にする'}</button>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {resetFor && (
        <div className="card" role="region" aria-label="仮パスワードの設定">
          <h2>{resetFor} の仮パスワード</h2>
          <p className="muted">本人に直接伝えてください。次のログインで本人が変更します。</p>
          <PasswordFields label="仮パスワード" password={temp.password} confirm={temp.confirm} onPassword={(password) => setTemp({ ...temp, password })} onConfirm={(confirm) => setTemp({ ...temp, confirm })} problems={temp.problems} minLength={policy?.minLength ?? 12} />
          <div className="actions actions--start">
            <button type="button" onClick={() => setResetFor(null)}>キャンセル</button>
            <button type="button" className="primary" onClick={() => {
              if (temp.password !== temp.confirm) return setTemp({ ...temp, problems: ['確認用のパスワードが一致しません。'] });
              void act(resetFor, { kind: 'temporaryPassword', password: temp.password }, '仮パスワードを設定しました。').then(() => setResetFor(null));
            }}>設定する</button>
          </div>
        </div>
      )}
      <NewAccount minLength={policy?.minLength ?? 12} onCreated={(text) => setMessage({ kind: 'ok', text })} />
      {policy && <SecuritySettings key={JSON.stringify(policy)} policy={policy} onSaved={(text) => setMessage({ kind: 'ok', text })} />}
    </section>
  );
}

/** Accounts made before 職員番号 existed: the manager records it once (unique, checked when saved). */
function EmployeeNumberEntry({ account, onSave }: { account: Account; onSave: (employeeNumber: string) => Promise<void> }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = () => {
    const parsed = employeeNumberSchema.safeParse(value);
    if (!parsed.success) return setError(parsed.error.issues[0]!.message);
    setError(null);
    void onSave(parsed.data);
  };
  return (
    <span className="inline">
      <input aria-label={`${account.displayName}の職員番号`} value={value} onChange={(e) => setValue(e.target.value)} size={8} />
      <button type="button" onClick={save}>登録</button>
      {error && <span className="error" role="alert">{error}</span>}
    </span>
  );
}

function NewAccount({ minLength, onCreated }: { minLength: number; onCreated: (message: string) => void }) {
  const db = useDatabase();
  const [userId, setUserId] = useState('');
  const [employeeNumber, setEmployeeNumber] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<AccountRole>('staff');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const create = async () => {
    setError(null);
    setProblems([]);
    const id = userIdSchema.safeParse(userId);
    const displayName = displayNameSchema.safeParse(name);
    const number = employeeNumberSchema.safeParse(employeeNumber);
    if (!id.success) return setError(id.error.issues[0]!.message);
    if (!number.success) return setError(number.error.issues[0]!.message);
    if (!displayName.success) return setError(displayName.error.issues[0]!.message);
    if (password !== confirm) return setError('確認用のパスワードが一致しません。');
    const result = await createAccount(db, { userId: id.data, employeeNumber: number.data, displayName: displayName.data, role, password, temporary: true }, { now: new Date().toISOString() });
    if (!result.ok) return result.reason === 'weak-password' ? setProblems(result.problems) : setError(writeFailureMessages[result.reason]);
    setUserId('');
    setEmployeeNumber('');
    setName('');
    setPassword('');
    setConfirm('');
    onCreated(`${displayName.data}（${id.data}）のアカウントを作成しました。仮パスワードを本人に直接伝えてください。`);
  };

  return (
    <div className="card" role="region" aria-labelledby="new-account-title">
      <h2 id="new-account-title">アカウントを作成</h2>
      <div className="form-grid">
        <div className="field"><label htmlFor="new-name">氏名</label><input id="new-name" value={name} onChange={(e) => setName(e.target.value)} /></div>
        <div className="field"><label htmlFor="new-employee-number">職員番号</label><input id="new-employee-number" value={employeeNumber} onChange={(e) => setEmployeeNumber(e.target.value)} autoComplete="off" /></div>
        <div className="field"><label htmlFor="new-user">ユーザーID</label><input id="new-user" value={userId} onChange={(e) => setUserId(e.target.value)} autoComplete="off" /></div>
        <div className="field">
          <label htmlFor="new-role">役割</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as AccountRole)}>
            {Object.entries(accountRoleLabels).map(([value, label]) => <option key={value} value={value}>{label}</option>)}
          </select>
        </div>
      </div>
      <PasswordFields label="仮パスワード" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problems={problems} minLength={minLength} />
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions actions--start"><button type="button" className="primary" onClick={() => void create()}>作成する</button></div>
    </div>
  );
}

const policyFields: [keyof SecurityPolicy, string, string][] = [
  ['minLength', 'パスワードの最小文字数', '10〜64（10未満にはできません）'],
  ['maxFailures', 'ロックするまでの失敗回数', '3〜10'],
  ['lockMinutes', 'ロックの時間（分）', '5〜1440'],
  ['idleMinutes', '画面をロックするまでの無操作時間（分）', '1〜60'],
];

function SecuritySettings({ policy, onSaved }: { policy: SecurityPolicy; onSaved: (message: string) => void }) {
  const db = useDatabase();
  const [values, setValues] = useState(policy);
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    const result = await saveSecurityPolicy(db, values, { now: new Date().toISOString() });
    if (!result.ok) return setError(writeFailureMessages[result.reason]);
    onSaved('セキュリティの設定を保存しました。');
  };
  return (
    <div className="card" role="region" aria-labelledby="security-title">
      <h2 id="security-title">セキュリティの設定</h2>
      <div className="form-grid">
        {policyFields.map(([field, label, hint]) => (
          <div className="field" key={field}>
            <label htmlFor={`policy-${field}`}>{label}</label>
            <input id={`policy-${field}`} type="number" value={values[field]} onChange={(e) => setValues({ ...values, [field]: Number(e.target.value) })} />
            <p className="hint">{hint}</p>
          </div>
        ))}
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions actions--start"><button type="button" onClick={() => void save()}>設定を保存</button></div>
    </div>
  );
}
