/**
 * Login with an individual account. No "remember me": every start asks for the password. Every refusal
 * shows the same sentence (unknown ID, wrong password, locked or disabled account alike), so the
 * screen does not tell which user IDs exist; the audit log keeps the true reason for the manager.
 */
import { useState } from 'react';
import { login, loginRefusedMessage } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';

export function LoginScreen({ title = 'Daichō 情報資産台帳 — ログイン', fixedUserId, onLogin, onOtherUser }: { title?: string; fixedUserId?: string; onLogin: (userId: string) => void; onOtherUser?: () => void }) {
  const db = useDatabase();
  const [userId, setUserId] = useState(fixedUserId ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    // Folded as the account was created (userIdSchema): ｙａｍａｄａ typed with the IME on is yamada.
    const id = userId.normalize('NFKC').trim().toLowerCase();
    if (!id || !password) return setError('ユーザーIDとパスワードを入力してください。');
    setBusy(true);
    const result = await login(db, id, password, new Date());
    setBusy(false);
    setPassword('');
    if (result.ok) return onLogin(result.account.userId);
    setError(result.reason === 'refused' ? loginRefusedMessage : writeFailureMessages[result.reason]);
  };

  return (
    <main className="setup">
      <form className="card login__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="login-title">
        <h1 id="login-title">{title}</h1>
        {fixedUserId && <p className="muted">一定時間操作がなかったため画面をロックしました。続けるにはパスワードを入力してください。</p>}
        <div className="field">
          <label htmlFor="login-user">ユーザーID</label>
          <input id="login-user" value={userId} onChange={(e) => setUserId(e.target.value)} autoComplete="username" readOnly={Boolean(fixedUserId)} autoFocus={!fixedUserId} />
        </div>
        <div className="field">
          <label htmlFor="login-password">パスワード</label>
          <input id="login-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" autoFocus={Boolean(fixedUserId)} />
        </div>
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          {onOtherUser && <button type="button" onClick={onOtherUser}>別の職員でログイン</button>}
          <button type="submit" className="primary" disabled={busy}>{busy ? '確認しています…' : fixedUserId ? 'ロックを解除' : 'ログイン'}</button>
        </div>
      </form>
    </main>
  );
}
