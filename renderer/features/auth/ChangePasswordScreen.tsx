/** A temporary password must be replaced at first login (【07】第11条). */
import { useState } from 'react';
import { changePassword } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useSecurityPolicy } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { PasswordFields } from './PasswordFields';

export function ChangePasswordScreen({ name, onLogout }: { name: string; onLogout: () => void }) {
  const db = useDatabase();
  const policy = useSecurityPolicy();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setError(null);
    setProblems([]);
    if (password !== confirm) return setError('確認用のパスワードが一致しません。同じパスワードを2回入力してください。');
    const result = await changePassword(db, current, password, { now: new Date().toISOString() });
    if (result.ok) return;
    if (result.reason === 'weak-password') return setProblems(result.problems);
    if (result.reason === 'wrong-password') return setError('今のパスワード（仮パスワード）が違います。');
    if (result.reason === 'same-password') return setError('今と同じパスワードは使えません。');
    setError(writeFailureMessages[result.reason]);
  };

  return (
    <main className="setup">
      <form className="card login__card" onSubmit={(e) => void submit(e)} noValidate aria-labelledby="change-title">
        <h1 id="change-title">パスワードの変更</h1>
        <p className="muted">{name} さん、仮パスワードでログインしました。自分だけが知るパスワードに変更してください。</p>
        <div className="field">
          <label htmlFor="current-password">今のパスワード（仮パスワード）</label>
          <input id="current-password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} autoFocus />
        </div>
        <PasswordFields label="新しいパスワード" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problems={problems} minLength={policy?.minLength ?? 12} />
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onLogout}>ログアウト</button>
          <button type="submit" className="primary">変更して始める</button>
        </div>
      </form>
    </main>
  );
}
