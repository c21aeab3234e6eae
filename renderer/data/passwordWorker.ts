/**
 * The password worker: runs one scrypt hash or check off the UI thread and answers once. It holds no
 * state; the data layer starts one per request and ends it after the answer.
 */
import { hashPassword, verifyPassword } from '../../shared/accounts/passwordHash';
import type { PasswordRequest, PasswordResponse } from './passwordHasher';

const scope = self as unknown as { onmessage: ((event: MessageEvent<PasswordRequest>) => void) | null; postMessage(message: PasswordResponse): void };

scope.onmessage = (event) => {
  const request = event.data;
  const work =
    request.kind === 'hash'
      ? hashPassword(request.password, request.salt, request.params).then((hash): PasswordResponse => ({ ok: true, hash }))
      : verifyPassword(request.password, request.stored).then((matches): PasswordResponse => ({ ok: true, matches }));
  void work.catch((error: unknown): PasswordResponse => ({ ok: false, error: error instanceof Error ? error.message : String(error) })).then((response) => scope.postMessage(response));
};
