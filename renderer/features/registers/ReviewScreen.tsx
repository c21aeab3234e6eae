/**
 * 見直し: the assets chosen in the ledger list (「選択した資産の見直し」), or else the assets (interval and basis from the profile's `review`) whose review date has passed or is near, and accounts whose rights (【09】第7条2)
 * review (at least every six months) is due. Completing a review records who and when.
 */
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { addMonths, reviewStatus, rightsReviewDueOn, type ReviewStatus } from '../../../shared/registers/review';
import { useState } from 'react';
import { completeAssetReviews } from '../../data/assetRepository';
import { writeFailureMessages } from '../../data/writeResult';
import { Notice, type Message } from '../shell/Notice';
import { changeAccount } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAccounts, useAssets } from '../../data/useLedger';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';

const statusLabels: Record<ReviewStatus, string> = { overdue: '期限切れ', due: '30日以内', ok: '', unset: '未設定' };

export function ReviewScreen({ onOpen, assetIds, onShowDue }: { onOpen: (id: string) => void; assetIds?: readonly string[]; onShowDue?: () => void }) {
  const db = useDatabase();
  const can = useCan();
  const profile = useProfile();
  const settings = useSectionSettings();
  const { all } = useAssets(0);
  const accounts = useAccounts() ?? [];
  const today = tokyoDay(new Date());
  const [message, setMessage] = useState<Message>(null);
  const chosen = assetIds ? new Set(assetIds) : null;
  const due = (all ?? [])
    .filter((a) => a.status === 'active' && (chosen ? chosen.has(a.id) : true))
    .map((asset) => ({ asset, status: reviewStatus(asset.nextReviewDate, today) }))
    .filter((x) => chosen !== null || x.status !== 'ok')
    .sort((a, b) => (a.asset.nextReviewDate || '0').localeCompare(b.asset.nextReviewDate || '0'));
  const complete = async (ids: string[]) => {
    const result = await completeAssetReviews(db, ids, next, { now: new Date().toISOString() });
    setMessage(result.ok ? { kind: 'ok', text: `${ids.length}件の見直しを記録しました。次回見直し日は${formatDate(next, settings.dateStyle)}です。` } : { kind: 'error', text: writeFailureMessages[result.reason] });
  };
  const completeAll = () => {
    const ids = due.map((x) => x.asset.id);
    if (window.confirm(`表示している${ids.length}件すべてを見直し済みにして、次回見直し日を${formatDate(next, settings.dateStyle)}にします。よろしいですか。`)) void complete(ids);
  };
  const rightsDue = accounts.filter((a) => !a.disabled && rightsReviewDueOn(a.rightsReviewedAt) <= today);
  const next = addMonths(today, profile.review.intervalMonths);

  return (
    <section className="review" aria-labelledby="review-title">
      <h1 id="review-title">定期見直し</h1>
      <div className="card" role="region" aria-labelledby="review-assets-title">
        <h2 id="review-assets-title">{chosen ? `選択した資産の見直し（${due.length}件）` : `見直しが必要な資産（${due.length}件）`}</h2>
        {chosen && due.length < chosen.size && <p className="muted">使用中ではない {chosen.size - due.length} 件は見直しの対象にしません。</p>}
        {chosen && onShowDue && (
          <button type="button" className="link" onClick={onShowDue}>
            期限が来た資産の一覧を表示
          </button>
        )}
        <p className="muted">見直しを終えると、次回見直し日を{profile.review.intervalMonths}か月後（{formatDate(next, settings.dateStyle)}）にします。根拠: {profile.review.article}{profile.review.note ? `（${profile.review.note}）` : ''}</p>
        <Notice message={message} />
        <table className="audit-table" aria-label={chosen ? '選択した資産' : '見直しが必要な資産'}>
          <thead><tr><th scope="col">管理番号</th><th scope="col">名称</th><th scope="col">次回見直し日</th><th scope="col">状況</th><th scope="col">操作</th></tr></thead>
          <tbody>
            {due.map(({ asset, status }) => (
              <tr key={asset.id} className={status === 'overdue' ? 'overdue' : undefined}>
                <td className="mono"><button type="button" className="link" onClick={() => onOpen(asset.id)}>{asset.managementNumber}</button></td>
                <td>{asset.name}</td>
                <td>{asset.nextReviewDate ? formatDate(asset.nextReviewDate, settings.dateStyle) : '—'}</td>
                <td>{statusLabels[status]}</td>
                <td>{can('asset.review') && <button type="button" onClick={() => void complete([asset.id])}>見直しを完了</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {chosen && can('asset.review') && due.length > 1 && (
          <button type="button" onClick={completeAll}>
            表示中の{due.length}件の見直しをまとめて完了
          </button>
        )}
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
