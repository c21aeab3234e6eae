/**
 * Confirming another section's key before trusting it (【07】第21–22条): the manager types the key ID
 * that the key's owner reads out over the phone, and confirms (or corrects) the organisation and
 * section. The file's own key ID is not shown here: anyone who makes a file can write anything in it,
 * and a code shown next to the input could be copied without calling anyone. The file's names are
 * only a starting point, labelled as such.
 */
import { useId, useState, type ReactNode } from 'react';
import { checkTypedFingerprint, fingerprintCheckMessages } from '../../../shared/ledgerFile/keyFiles';

export interface ConfirmedKey {
  organisation: string;
  section: string;
  typedFingerprint: string;
}

export function ConfirmKey({ publicKey, claimed, submitLabel, onConfirm, children }: {
  publicKey: string;
  /** The names the file claims: prefilled, editable. */
  claimed: { organisation: string; section: string };
  submitLabel: string;
  onConfirm: (confirmed: ConfirmedKey) => void;
  children?: ReactNode;
}) {
  const id = useId();
  const [typed, setTyped] = useState('');
  const [organisation, setOrganisation] = useState(claimed.organisation);
  const [section, setSection] = useState(claimed.section);
  const check = checkTypedFingerprint(publicKey, typed);
  const namesMissing = organisation.trim() === '' || section.trim() === '';

  return (
    <div className="confirm-box">
      <p>
        相手の課に電話し、相手の画面（書出し・取込み →「この端末の署名鍵」）に表示されている鍵ID（20文字）を読み上げてもらって、下に入力してください。
        鍵IDはこの画面には表示しません。一致しない場合は登録しないでください。
      </p>
      <div className="field">
        <label htmlFor={`${id}-fingerprint`}>相手が読み上げた鍵ID（20文字）</label>
        <input
          id={`${id}-fingerprint`}
          className="fingerprint"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
          autoComplete="off"
          spellCheck={false}
          placeholder="XXXX-XXXX-XXXX-XXXX-XXXX"
          aria-describedby={`${id}-fingerprint-hint ${id}-fingerprint-check`}
          aria-invalid={check === 'mismatch'}
        />
        <small id={`${id}-fingerprint-hint`} className="muted">ハイフンや空白はあってもなくてもかまいません。小文字や全角文字でも入力できます。</small>
        <p id={`${id}-fingerprint-check`} className={check === 'mismatch' ? 'error' : check === 'match' ? 'success' : 'muted'} role={check === 'mismatch' ? 'alert' : 'status'}>
          {typed === '' ? '' : fingerprintCheckMessages[check]}
        </p>
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor={`${id}-organisation`}>団体名（電話で確かめてください）</label>
          <input id={`${id}-organisation`} value={organisation} maxLength={100} onChange={(e) => setOrganisation(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-section`}>課名（電話で確かめてください）</label>
          <input id={`${id}-section`} value={section} maxLength={100} onChange={(e) => setSection(e.target.value)} />
        </div>
      </div>
      <p className="muted">団体名・課名はファイルに書かれていたものです。相手に確かめ、違っていれば直してください。登録する鍵にはこの名前が記録されます。</p>
      <div className="actions actions--start">
        <button type="button" className="primary" disabled={check !== 'match' || namesMissing} onClick={() => onConfirm({ organisation: organisation.trim(), section: section.trim(), typedFingerprint: typed })}>
          {submitLabel}
        </button>
        {children}
      </div>
    </div>
  );
}
