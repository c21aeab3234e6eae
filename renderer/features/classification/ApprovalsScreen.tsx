/**
 * 承認待ち: every proposed class waiting for a security manager (【03】第6条3), approved or sent back
 * with a comment from one list. Nobody decides on their own proposal (【01】第11条); a section with a
 * single manager is told that its manager's own proposals can never be approved, and how to fix it.
 */
import { useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { formatLevels, lacksSecondManager, minRejectionCommentLength } from '../../../shared/domain/classification';
import { formatDate } from '../../../shared/domain/formatDate';
import { isSamePerson } from '../../../shared/accounts/permissions';
import { approveAssetClassification, approveAssetClassifications, rejectAssetClassification } from '../../data/classificationRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAccounts, useProposedAssets } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useOperator, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

import { secondManagerHelp } from './ProposalStatus';

/** The warning for a section with fewer than two enabled security managers. */
function SingleManagerWarning({ onAccounts }: { onAccounts?: (() => void) | undefined }) {
  return (
    <div className="notice" role="alert">
      <p>
        この課のセキュリティ管理者は1人だけです。分類は提案した本人以外のセキュリティ管理者が承認する決まりのため（【03】第6条3・職務の分離）、セキュリティ管理者自身が提案した分類はいつまでも承認できません。
      </p>
      <p>
        {secondManagerHelp}
        {onAccounts && (
          <>
            {' '}
            <button type="button" className="link" onClick={onAccounts}>
              アカウント画面を開く
            </button>
          </>
        )}
      </p>
    </div>
  );
}

export function ApprovalsScreen({ onOpen, onAccounts }: { onOpen: (id: string) => void; onAccounts?: () => void }) {
  const proposed = useProposedAssets();
  const accounts = useAccounts();
  const [message, setMessage] = useState<Message>(null);
  return (
    <section className="card" aria-labelledby="approvals-title">
      <h1 id="approvals-title">承認待ち</h1>
      <p className="muted">提案された分類を確かめて、承認するか、理由を書いて差し戻してください。差し戻した理由は、提案した人が資産の画面で確認します。</p>
      {accounts && lacksSecondManager(accounts) && <SingleManagerWarning onAccounts={onAccounts} />}
      <Notice message={message} />
      {proposed === undefined ? (
        <p className="loading" role="status">
          読み込み中…
        </p>
      ) : proposed.length === 0 ? (
        <p role="status">承認待ちの分類はありません。</p>
      ) : (
        <>
          <p role="status">{proposed.length} 件が承認を待っています。</p>
          <ApproveAll proposed={proposed} onResult={setMessage} />
          <ul className="approvals">
            {proposed.map((asset) => (
              <ProposalItem key={asset.id} asset={asset} onOpen={() => onOpen(asset.id)} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * 「まとめて承認」: the proposals this manager may decide (not their own, made under the profile in use),
 * approved in one write after a confirmation that says how many. The list stays for checking each
 * first; one that should go back is sent back on its own before.
 */
function ApproveAll({ proposed, onResult }: { proposed: Asset[]; onResult: (message: Message) => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const operator = useOperator();
  const [busy, setBusy] = useState(false);
  const decidable = proposed.filter((asset) => {
    const c = asset.classification!;
    return c.profileId === profile.id && !isSamePerson(operator, { userId: c.proposedByUserId, name: c.proposedBy });
  });
  if (decidable.length < 2) return null;
  const approveAll = async () => {
    if (!window.confirm(`承認できる${decidable.length}件の提案をすべて承認します。一覧の内容を確かめましたか。`)) return;
    setBusy(true);
    const result = await approveAssetClassifications(db, profile, decidable.map((a) => a.id), { now: new Date().toISOString() });
    setBusy(false);
    onResult(result.ok ? { kind: 'ok', text: `${result.value.length}件の分類を承認しました。` } : { kind: 'error', text: `承認していません。${writeFailureMessages[result.reason]}` });
  };
  return (
    <div className="actions actions--start">
      <button type="button" disabled={busy} onClick={() => void approveAll()}>
        承認できる{decidable.length}件をまとめて承認
      </button>
    </div>
  );
}

function ProposalItem({ asset, onOpen }: { asset: Asset; onOpen: () => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const settings = useSectionSettings();
  const operator = useOperator();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const classification = asset.classification!;
  const own = isSamePerson(operator, { userId: classification.proposedByUserId, name: classification.proposedBy });
  const otherProfile = classification.profileId !== profile.id;
  const label = `${asset.managementNumber} ${asset.name}`;

  const decide = async (kind: 'approve' | 'reject') => {
    setError(null);
    if (kind === 'reject' && comment.trim().length < minRejectionCommentLength) return setError(writeFailureMessages['comment-required']);
    setBusy(true);
    const at = { now: new Date().toISOString() };
    const result = kind === 'approve' ? await approveAssetClassification(db, profile, asset.id, at) : await rejectAssetClassification(db, profile, asset.id, comment, at);
    setBusy(false);
    if (!result.ok) setError(writeFailureMessages[result.reason]);
  };

  return (
    <li className="approvals__item" aria-label={label}>
      <h2>
        <button type="button" className="link" onClick={onOpen}>
          {label}
        </button>
      </h2>
      <dl className="fields">
        <div className="fields__row">
          <dt>提案された分類</dt>
          <dd>
            <strong>{otherProfile ? `（別の分類基準 ${classification.profileId}）` : formatLevels(profile, classification.levels)}</strong>
            {!otherProfile && `（推奨: ${formatLevels(profile, classification.recommended)}）`}
          </dd>
        </div>
        {classification.justification && (
          <div className="fields__row">
            <dt>推奨より低くする理由</dt>
            <dd>{classification.justification}</dd>
          </div>
        )}
        <div className="fields__row">
          <dt>提案</dt>
          <dd>
            {classification.proposedBy}（{formatDate(classification.proposedAt, settings.dateStyle)}）
            {classification.referredToManager && <span className="muted">・「わからない」の回答があり、判断を仰いでいます</span>}
          </dd>
        </div>
      </dl>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {own ? (
        <p className="muted">自分が提案した分類です。別のセキュリティ管理者が承認します（職務の分離）。</p>
      ) : (
        <div className="approvals__decide">
          <div className="field">
            <label htmlFor={`reject-${asset.id}`}>差し戻す理由（差し戻す場合のみ）</label>
            <textarea id={`reject-${asset.id}`} rows={2} value={comment} maxLength={500} onChange={(event) => setComment(event.target.value)} />
          </div>
          {otherProfile && <p className="muted">今の分類基準とは別の分類基準で提案された分類のため、承認できません。差し戻して、今の分類基準で提案し直してもらってください。</p>}
          <div className="actions">
            {!otherProfile && (
              <button type="button" className="primary" disabled={busy} onClick={() => void decide('approve')}>
                承認する
              </button>
            )}
            <button type="button" disabled={busy} onClick={() => void decide('reject')}>
              差し戻す
            </button>
          </div>
        </div>
      )}
    </li>
  );
}
