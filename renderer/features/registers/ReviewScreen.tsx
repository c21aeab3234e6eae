/**
 * 見直し: assets (interval and basis from the profile's `review`) whose review date has passed or is near, and accounts whose rights (【09】第7条2)
 * review (at least every six months) is due. Completing a review records who and when.
 */
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { addMonths, reviewStatus, rightsReviewDueOn, type ReviewStatus } from '../../../shared/registers/review';
import { completeAssetReview } from '../../data/assetRepository';
import { changeAccount } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAccounts, useAssets } from '../../data/useLedger';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';

const statusLabels: Record<ReviewStatus, string> = { overdue: '期限切れ', due: '30日以内', ok: '', unset: '未設定' };

export function ReviewScreen({ onOpen }: { onOpen: (id: string) => void }) {
  const db = useDatabase();
  const can = useCan();
  const profile = useProfile();
  const settings = useSectionSettings();
  const { all } = useAssets(0);
  const accounts = useAccounts() ?? [];
  const today = tokyoDay(new Date());
  const due = (all ?? [])
    .filter((a) => a.status === 'active')
    .map((asset) => ({ asset, status: reviewStatus(asset.nextReviewDate, today) }))
    .filter((x) => x.status !== 'ok')
    .sort((a, b) => (a.asset.nextReviewDate || '0').localeCompare(b.asset.nextReviewDate || '0'));
  const rightsDue = accounts.filter((a) => !a.disabled && rightsReviewDueOn(a.rightsReviewedAt) <= today);
  const next = addMonths(today, profile.review.intervalMonths);

  return (
    <section className="review" aria-labelledby="review-title">
      <h1 id="review-title">定期見直し</h1>
      <div className="card" role="region" aria-labelledby="review-assets-title">
        <h2 id="review-assets-title">見直しが必要な資産（{due.length}件）</h2>
        <p className="muted">見直しを終えると、次回見直し日を{profile.review.intervalMonths}か月後（{formatDate(next, settings.dateStyle)}）にします。根拠: {profile.review.article}{profile.review.note ? `（${profile.review.note}）` : ''}</p>
        <table className="audit-table" aria-label="見直しが必要な資産">
          <thead><tr><th scope="col">管理番号</th><th scope="col">名称</th><th scope="col">次回見直し日</th><th scope="col">状況</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {due.map(({ asset, status }) => (
              <tr key={asset.id} className={status === 'overdue' ? 'overdue' : undefined}>
                <td className="mono"><button type="button" className="link" onClick={() => onOpen(asset.id)}>{asset.managementNumber}</button></td>
                <td>{asset.name}</td>
                <td>{asset.nextReviewDate ? formatDate(asset.nextReviewDate, settings.dateStyle) : '—'}</td>
                <td>{statusLabels[status]}</td>
                <td>{can('asset.review') && <button type="button" onClick={() => void completeAssetReview(db, asset.id, next, { now: new Date().toISOString() })}>見直しを完了</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {can('account.change') && (
        <div className="card" role="region" aria-labelledby="review-rights-title">
          <h2 id="review-rights-title">権限の見直しが必要なアカウント（{rightsDue.length}件）</h2>
          <p className="muted">アカウントの権限は少なくとも6か月ごとに見直します（【09】第7条2）。</p>
          <ul>
            {rightsDue.map((a) => (
              <li key={a.userId}>
                {a.displayName}（{a.userId}）— 期限 {formatDate(rightsReviewDueOn(a.rightsReviewedAt), settings.dateStyle)}{' '}
                <button type="button" className="link" onClick={() => void changeAccount(db, a.userId, { kind: 'rightsReview' }, { now: new Date().toISOString() })}>権限を確認した</button>
              </li>
            ))}
          </ul>
          {rightsDue.length === 0 && <p className="muted">期限が来ているアカウントはありません。</p>}
        </div>
      )}
    </section>
  );
}
