/**
 * On the asset's page, `ProposalStatus` says who can approve a proposal, or why it was sent back. Kept
 * apart from the 承認待ち screen so that screen stays in its own chunk, loaded when it is opened.
 */
import { eligibleApprovers, type AssetClassification } from '../../../shared/domain/classification';
import { formatDate } from '../../../shared/domain/formatDate';
import { useAccounts } from '../../data/useLedger';
import { useCan, useSectionSettings } from '../shell/SettingsContext';

/** What to do when a section has fewer than two security managers (【03】第6条3・職務の分離). */
export const secondManagerHelp = '「アカウント」画面で、役割を「セキュリティ管理者」にしたアカウントをもう1人分作成してください。';

/**
 * On the asset's page: who can approve a proposal (so the proposer knows whom to ask), a warning when
 * nobody can, and the comment of the manager who sent it back.
 */
export function ProposalStatus({ classification }: { classification: AssetClassification }) {
  const accounts = useAccounts();
  const settings = useSectionSettings();
  const can = useCan();
  if (classification.state === 'needsReview' && classification.rejection) {
    const r = classification.rejection;
    return (
      <div className="notice" role="note" aria-label="差戻し">
        <p>
          <strong>差し戻されました</strong>（{r.by}、{formatDate(r.at, settings.dateStyle)}）: {r.comment}
        </p>
        <p>理由を確かめて、「分類をやり直す」から分類し直してください。</p>
      </div>
    );
  }
  if (classification.state !== 'proposed' || !accounts) return null;
  const approvers = eligibleApprovers(accounts, { userId: classification.proposedByUserId, name: classification.proposedBy });
  if (approvers.length === 0) {
    return (
      <div className="notice" role="alert" aria-label="承認できる人">
        <p>この提案を承認できるセキュリティ管理者がいません（提案した本人は承認できません）。</p>
        <p>{can('account.create') ? secondManagerHelp : 'セキュリティ管理者に、2人目のセキュリティ管理者のアカウントを作成するよう依頼してください。'}</p>
      </div>
    );
  }
  return (
    <p className="muted" role="note" aria-label="承認できる人">
      承認できるのは {approvers.join('、')}（セキュリティ管理者）です。承認されるまで、この資産は厳しい方の分類で取り扱います。
    </p>
  );
}
