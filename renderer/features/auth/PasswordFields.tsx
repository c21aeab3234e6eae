/** A new password typed twice, with the policy's problems listed beside it (never shown in clear). */
import { useId } from 'react';
import { DEFAULT_MIN_PASSWORD } from '../../../shared/accounts/passwordPolicy';

/** For a file password (backup, export): too short or not typed the same twice, as a message; null when fine. */
export function filePasswordProblem(password: string, confirm: string): string | null {
  if (password.length < DEFAULT_MIN_PASSWORD) return `パスワードは${DEFAULT_MIN_PASSWORD}文字以上にしてください。`;
  if (password !== confirm) return '確認用のパスワードが一致しません。同じパスワードを2回入力してください。';
  return null;
}

export function PasswordFields(props: {
  label: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  problems: string[];
  minLength: number;
  /** Shown under the first field; account passwords get the policy hint by default. */
  hint?: string;
}) {
  const id = useId();
  return (
    <>
      <div className={`field${props.problems.length ? ' field--invalid' : ''}`}>
        <label htmlFor={`${id}-password`}>{props.label}（{props.minLength}文字以上）</label>
        <input id={`${id}-password`} type="password" autoComplete="new-password" value={props.password} onChange={(e) => props.onPassword(e.target.value)} aria-describedby={`${id}-hint`} aria-invalid={props.problems.length ? true : undefined} />
        <p className="hint" id={`${id}-hint`}>{props.hint ?? 'よく使われる語やユーザーIDを含むものは使えません。長い文でも構いません。'}</p>
        {props.problems.map((problem) => (
          <p key={problem} className="error" role="alert">{problem}</p>
        ))}
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{props.label}（確認）</label>
        <input id={`${id}-confirm`} type="password" autoComplete="new-password" value={props.confirm} onChange={(e) => props.onConfirm(e.target.value)} />
      </div>
    </>
  );
}
