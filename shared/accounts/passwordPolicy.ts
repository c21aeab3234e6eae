/**
 * Password rules for individual accounts (【07】第9–13条, 【09】第3–7条): at least 12 characters by
 * default (configurable, never below 10), not a common password, not containing the user ID.
 */
import { commonPasswords } from './commonPasswords';

/** The floor no configuration can go below. */
export const MIN_PASSWORD_FLOOR = 10;
export const DEFAULT_MIN_PASSWORD = 12;

export interface PasswordPolicy {
  minLength: number;
}

const common = new Set(commonPasswords);

/** Problems with a proposed password, in Japanese; empty when it is acceptable. */
export function checkPassword(password: string, userId: string, policy: PasswordPolicy = { minLength: DEFAULT_MIN_PASSWORD }): string[] {
  const minLength = Math.max(MIN_PASSWORD_FLOOR, policy.minLength);
  const problems: string[] = [];
  const length = [...password].length;
  if (length < minLength) problems.push(`パスワードは${minLength}文字以上にしてください。`);
  const lower = password.toLowerCase();
  const core = lower.replace(/[\d\W_]+$/u, '').replace(/^[\d\W_]+/u, '');
  if (common.has(core) || common.has(lower) || /^(.)\1+$/u.test(password) || /^\d+$/.test(password)) {
    problems.push('よく使われるパスワードや推測されやすいパスワードは使えません。');
  }
  const id = userId.trim().toLowerCase();
  if (id.length >= 3 && lower.includes(id)) problems.push('パスワードにユーザーIDを含めないでください。');
  return problems;
}
