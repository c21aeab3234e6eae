/**
 * 自己点検: the section's yearly self-inspection for a chosen day, on screen, printed on A4 (or saved as
 * PDF) and exported as a workbook. Every line says what the policy asks and cites the article; each
 * output is recorded in the audit log with the counts it showed (【07】第17条, 【13】第4条).
 */
import { A4_PORTRAIT, usePageRule } from '../../components/usePageRule';
import { useState } from 'react';
import { assetKindLabels, assetKinds } from '../../../shared/domain/asset';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { isIsoDay, selfInspectionSheets, type InspectionLine, type SelfInspectionReport } from '../../../shared/domain/selfInspection';
import { writeReportWorkbook } from '../../../shared/ledgerFile/reportWorkbook';
import { recordSelfInspection, type ReportOutput } from '../../data/reportRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { useOperator, useSectionSettings } from '../shell/SettingsContext';
import { useReportAuditState, useSelfInspection, type ReportAuditState } from './useSelfInspection';
import './report.css';

export function SelfInspectionScreen() {
  usePageRule(A4_PORTRAIT);
  const db = useDatabase();
  const settings = useSectionSettings();
  const operator = useOperator();
  const [asOfInput, setAsOfInput] = useState(() => tokyoDay(new Date()));
  const asOf = isIsoDay(asOfInput) ? asOfInput : tokyoDay(new Date());
  const auditState = useReportAuditState(true);
  const verified = auditState?.kind === 'done' ? auditState.audit : undefined;
  // The report waits for the audit log's verification: its line must say what was checked.
  const built = useSelfInspection(asOf, verified);
  const report = verified ? built : undefined;
  const [message, setMessage] = useState<{ kind: 'success' | 'error'; text: string } | null>(null);
  // One output at a time: a double-click recorded the report twice in the audit log and saved it twice.
  const [busy, setBusy] = useState(false);
  const once = (output: () => Promise<void>) => async () => {
    if (busy) return;
    setBusy(true);
    try {
      await output();
    } finally {
      setBusy(false);
    }
  };

  const record = async (output: ReportOutput): Promise<boolean> => {
    if (!report) return false;
    const result = await recordSelfInspection(db, report, output, { now: new Date().toISOString() });
    if (!result.ok) setMessage({ kind: 'error', text: `監査ログに記録できなかったため、${output === 'workbook' ? '書き出し' : '印刷'}を中止しました。${writeFailureMessages[result.reason]}` });
    return result.ok;
  };

  const print = async () => {
    setMessage(null);
    if (!(await record(platform.kind === 'desktop' ? 'pdf' : 'print'))) return;
    if (platform.kind === 'desktop') {
      const saved = await platform.savePdf(`自己点検_${settings.section}_${asOf}.pdf`);
      setMessage(saved ? { kind: 'success', text: '自己点検をPDFで保存しました。' } : null);
      return;
    }
    // The browser's print dialog saves the PDF ("PDF に保存"); A4 is set by the page rule above.
    window.print();
  };

  const exportWorkbook = async () => {
    setMessage(null);
    if (!report || !(await record('workbook'))) return;
    const bytes = writeReportWorkbook(selfInspectionSheets(report));
    const saved = await platform.saveFile(`自己点検_${settings.section}_${asOf}.xlsx`, bytes);
    if (saved) setMessage({ kind: 'success', text: '自己点検を Excel ブックに書き出しました。' });
  };

  return (
    <section className="report" aria-labelledby="report-title">
      <div className="report__head">
        <div>
          <h1 id="report-title">自己点検</h1>
          <p className="muted">
            {settings.organisation} {settings.section}・点検日 {formatDate(asOf, settings.dateStyle)}・作成 {operator.name}
            {report && `・分類基準 ${report.profileName}`}
          </p>
        </div>
        <div className="actions no-print">
          <label className="report__date">
            点検日
            <input type="date" value={asOfInput} onChange={(e) => setAsOfInput(e.target.value)} aria-describedby="report-date-hint" />
          </label>
          <button type="button" className="primary" disabled={!report || busy} onClick={() => void once(print)()}>印刷・PDFで保存</button>
          <button type="button" disabled={!report || busy} onClick={() => void once(exportWorkbook)()}>Excel に書き出す</button>
        </div>
      </div>
      <p id="report-date-hint" className="hint no-print">
        今の記録を点検日の時点で判定します（期限が点検日より前なら期限切れ、当日はまだ期限内）。過去の日の台帳の内容を再現するものではありません。
        印刷・書出しは監査ログに記録します。
      </p>
      {message && <p className={message.kind === 'error' ? 'error' : 'success'} role={message.kind === 'error' ? 'alert' : 'status'}>{message.text}</p>}
      {auditState && auditState.kind !== 'done' && <AuditProgress state={auditState} />}
      {!report ? auditState?.kind !== 'stopped' && <p className="loading">集計しています…</p> : <ReportBody report={report} dateStyle={settings.dateStyle} />}
    </section>
  );
}

/** The audit log's verification the report waits for: progress and cancel, or why it stopped and a retry. */
function AuditProgress({ state }: { state: Exclude<ReportAuditState, { kind: 'done' }> }) {
  if (state.kind === 'stopped') {
    return (
      <div className="no-print">
        <p className="error" role="alert">{state.message}</p>
        <button type="button" onClick={state.retry}>もう一度検証する</button>
      </div>
    );
  }
  const { progress } = state;
  return (
    <div className="audit-progress no-print" role="status">
      <label htmlFor="report-audit-progress">
        監査ログを検証しています…
        {progress?.phase === 'tree' ? '（前回の書出しとの照合）' : progress ? `（${progress.done.toLocaleString('ja-JP')} / ${progress.total.toLocaleString('ja-JP')} 件）` : ''}
        終わると自己点検を表示します。
      </label>
      <progress id="report-audit-progress" max={Math.max(1, progress?.total ?? 1)} value={progress?.done ?? 0} />
      <button type="button" onClick={state.cancel}>検証を中止</button>
    </div>
  );
}

function ReportBody({ report, dateStyle }: { report: SelfInspectionReport; dateStyle: 'seireki' | 'wareki' }) {
  const attention = report.lines.filter((l) => l.attention).length;
  return (
    <>
      <p className={attention > 0 ? 'report__summary report__summary--attention' : 'report__summary'} role="status">
        {attention > 0 ? `対応が必要な項目が${attention}件あります。` : '対応が必要な項目はありません。'}
      </p>
      <table className="report-table report-table--lines" aria-label="点検項目">
        <colgroup>
          <col className="report-col--title" />
          <col className="report-col--result" />
          <col className="report-col--requirement" />
          <col className="report-col--article" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">項目</th>
            <th scope="col">結果</th>
            <th scope="col">方針が求めること</th>
            <th scope="col">根拠</th>
          </tr>
        </thead>
        <tbody>
          {report.lines.map((line) => <LineRow key={line.id} line={line} dateStyle={dateStyle} />)}
        </tbody>
      </table>
      <h2 className="report__section">資産の件数（使用中・種類と分類別）</h2>
      <table className="report-table report-table--counts" aria-label="資産の件数（種類と分類別）">
        <thead>
          <tr>
            <th scope="col">分類</th>
            {assetKinds.map((k) => <th key={k} scope="col">{assetKindLabels[k]}</th>)}
            <th scope="col">計</th>
          </tr>
        </thead>
        <tbody>
          {report.assets.classes.map((c) => (
            <tr key={c.label}>
              <th scope="row">{c.label}</th>
              {assetKinds.map((k) => <td key={k}>{c.byKind[k]}</td>)}
              <td>{c.total}</td>
            </tr>
          ))}
          <tr className="report-table__total">
            <th scope="row">計</th>
            {assetKinds.map((k) => <td key={k}>{report.assets.byKind[k]}</td>)}
            <td>{report.assets.byStatus.active}</td>
          </tr>
        </tbody>
      </table>
      <p className="muted">廃止 {report.assets.byStatus.retired}件・廃棄済 {report.assets.byStatus.disposed}件（台帳に残し、件数には含めません）。</p>
    </>
  );
}

function LineRow({ line, dateStyle }: { line: InspectionLine; dateStyle: 'seireki' | 'wareki' }) {
  return (
    <tr className={line.attention ? 'report-line report-line--attention' : 'report-line'} data-line={line.id}>
      <th scope="row">
        {line.title}
        {line.items.length > 0 && (
          <ul className="report-items">
            {line.items.slice(0, 50).map((item, i) => (
              <li key={`${item.ref}-${i}`}>
                <span className="mono">{item.ref}</span> {item.text}
                {item.date && `（${formatDate(item.date, dateStyle)}）`}
              </li>
            ))}
            {line.items.length > 50 && <li>ほか{line.items.length - 50}件（Excel の書出しにすべて載ります）</li>}
          </ul>
        )}
      </th>
      <td>
        <strong>{line.value}</strong>
        {line.attention && <span className="report-flag">要対応</span>}
        {line.note && <div className="report-note">{line.note}</div>}
      </td>
      <td>{line.requirement}</td>
      <td className="report-article">{line.articles.join('・')}</td>
    </tr>
  );
}
