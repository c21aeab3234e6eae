/**
 * Creating this terminal's signing key where it is first needed (issue 14: export and backup used to
 * fail with 「有効な署名鍵がありません」 while the key was made at the bottom of another page).
 */
import { keyFingerprint } from '../../../shared/ledgerFile/signature';
import { createSigningKey } from '../../data/keyRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { SigningKeyUnavailable } from '../../platform/signingKeyStore';
import { useCan, useChangeContext, useSectionSettings } from '../shell/SettingsContext';
import type { Message } from '../shell/Notice';

/** Creates this terminal's signing key and says what happened (used on the key list and inside the export). */
export function useCreateSigningKey(): () => Promise<Message> {
  const db = useDatabase();
  const settings = useSectionSettings();
  const context = useChangeContext();
  return async () => {
    try {
      const result = await createSigningKey(db, { organisation: settings.organisation, section: settings.section }, context(), platform.signingKeys);
      return result.ok
        ? { kind: 'ok', text: `署名鍵を作成しました。鍵ID: ${keyFingerprint(result.value.publicKey)}。公開鍵ファイルを「書出し・取込み」画面の「この端末の署名鍵」から保存して、取り込む側に渡してください。` }
        : { kind: 'error', text: writeFailureMessages[result.reason] };
    } catch (error) {
      console.error('[keys] could not create a key', error);
      return { kind: 'error', text: error instanceof SigningKeyUnavailable ? error.message : '署名鍵を作成できませんでした。もう一度お試しください。' };
    }
  };
}

/** Says the terminal has no signing key yet and, to those who may, offers to create it right here. */
export function MissingSigningKey({ purpose, onCreated }: { purpose: string; onCreated: (message: Message) => void }) {
  const can = useCan();
  const createKey = useCreateSigningKey();
  return (
    <div className="notice notice--action" role="alert">
      <span>
        この端末には署名鍵がまだありません。{purpose}には署名が必要です。
        {can('key.create') ? 'ここで作成してから続けられます。' : 'セキュリティ管理者に署名鍵の作成を依頼してください。'}
      </span>
      {can('key.create') && (
        <button type="button" onClick={() => void createKey().then(onCreated)}>
          署名鍵を作成
        </button>
      )}
    </div>
  );
}
