/**
 * The security manager's home: how the section's assets are classified, what waits for a decision,
 * what is overdue and which exceptions are open, each as a small chart with its number beside it.
 * Everything is computed from the same facts as the self-inspection (shared/domain/selfInspection.ts),
 * on today's date; it reads only and prints on one A4 page.
 */
import { A4_PORTRAIT, usePageRule } from '../../components/usePageRule';
import { tokyoDay, formatDate } from '../../../shared/domain/formatDate';
import { groupExceptions, type InspectionLineId } from '../../../shared/domain/selfInspection';
import { platform } from '../../platform/bridge';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';
import { useInspectionFacts, useSelfInspection } from '../report/useSelfInspection';
import { useProposedAssets } from '../../data/useLedger';
import { BarChart, type Bar } from './BarChart';
import './dashboard.css';

export function DashboardScreen({ onOpen }: { onOpen: (view: 'list' | 'review' | 'registers' | 'report') => void }) {
  usePageRule(A4_PORTRAIT);
  const settings = useSectionSettings();
  const today = tokyoDay(new Date());
  const facts = useInspectionFacts(useProfile());
  const report = useSelfInspection(today);
  // The proposals a manager decides, as the 承認待ち screen and the top bar count them: the report's line
  // also counts classes waiting to be proposed again (要見直し), which no manager can approve.
  const proposed = useProposedAssets();
  // Grouped as the report's 例外措置 line is: a request past its last day is expired, no longer decidable.
  const exceptions = facts?.exceptions ?? [];
  const exceptionGroups = groupExceptions(exceptions, today);

  const line = (id: InspectionLineId) => report?.lines.find((l) => l.id === id);
  const countOf = (id: InspectionLineId) => line(id)?.count ?? 0;

  const classBars: Bar[] = (report?.assets.classes ?? []).map((c) => ({ label: c.label, value: c.total, attention: c.label === '未分類' }));
  const pendingBars: Bar[] = facts
    ? [
        { label: '分類の承認', value: proposed?.length ?? 0, attention: true },
        { label: '持出しの許可', value: facts.takeOuts.filter((t) => t.state === 'requested').length, attention: true },
        { label: '廃棄の許可', value: facts.disposals.filter((d) => d.state === 'requested').length, attention: true },
        { label: '例外措置の承認', value: exceptionGroups.requested.length, attention: true },
      ]
    : [];
  const backupDays = line('lastBackup');
  const overdueBars: Bar[] = report
    ? [
        { label: '見直し期限切れの資産', value: countOf('overdueReviews'), attention: true },
        { label: '返却予定日を過ぎた持出し', value: countOf('overdueTakeOuts'), attention: true },
        { label: '権限の見直し期限切れ', value: countOf('rightsReviewOverdue'), attention: true },
        { label: 'ラベル未印刷の媒体・紙文書', value: countOf('unlabelledMedia'), attention: true },
        { label: '証明書の記録がない廃棄', value: countOf('disposalsWithoutCertificate'), attention: true },
      ]
    : [];
  const exceptionBars: Bar[] = [
    { label: '実施中', value: exceptionGroups.inForce.length },
    { label: '期限切れ（終了の記録なし）', value: exceptionGroups.expiredOpen.length, attention: true },
    { label: '定期確認の期限切れ', value: exceptionGroups.checksOverdue.length, attention: true },
  ];

  const print = () => {
    if (platform.kind === 'desktop') void platform.savePdf(`ダッシュボード_${settings.section}_${today}.pdf`);
    else window.print();
  };

  return (
    <section className="dashboard" aria-labelledby="dashboard-title">
      <div className="dashboard__head">
        <div>
          <h1 id="dashboard-title">ダッシュボード</h1>
          <p className="muted">{settings.organisation} {settings.section}・{formatDate(today, settings.dateStyle)} 現在</p>
        </div>
        <div className="actions no-print">
          <button type="button" onClick={() => onOpen('list')}>台帳一覧</button>
          <button type="button" onClick={() => onOpen('report')}>自己点検を開く</button>
          <button type="button" onClick={print}>印刷</button>
        </div>
      </div>
      {!report || !facts ? (
        <p className="loading">集計しています…</p>
      ) : (
        <div className="dashboard__grid">
          <div className="card">
            <BarChart title="分類の分布（使用中の資産）" caption={`計 ${report.assets.byStatus.active.toLocaleString('ja-JP')}件`} bars={classBars.length > 0 ? classBars : [{ label: '資産なし', value: 0 }]} />
          </div>
          <div className="card">
            <BarChart title="承認待ち" bars={pendingBars} />
            <button type="button" className="link no-print" onClick={() => onOpen('registers')}>持出し・廃棄を開く</button>
          </div>
          <div className="card">
            <BarChart title="期限切れ・未対応" bars={overdueBars} />
            <p className="dashboard__backup">
              前回のバックアップから: <strong>{backupDays?.value ?? '—'}</strong>
              {backupDays?.attention && <span className="dashboard-flag">要対応</span>}
              ・前回の復元テストから: <strong>{line('lastRestoreTest')?.value ?? '—'}</strong>
              {line('lastRestoreTest')?.attention && <span className="dashboard-flag">要対応</span>}
            </p>
            <button type="button" className="link no-print" onClick={() => onOpen('review')}>見直しを開く</button>
          </div>
          <div className="card">
            <BarChart title="例外措置（【02】第5条）" bars={exceptionBars} caption={exceptions.length === 0 ? '登録なし' : undefined} />
          </div>
        </div>
      )}
    </section>
  );
}
