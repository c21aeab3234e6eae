/**
 * 例外措置 (exception measures, 【02】第5条): the register. Staff request an exception naming the rule,
 * the reason, the assets, the compensating measures and the period; a security manager who did not
 * request it approves or rejects; approved ones are checked periodically and closed when the period
 * ends. Reminders (check due, ending soon, past its period) come from the pure state machine.
 */
import { useMemo, useState } from 'react';
import { visibleText } from '../../../shared/domain/describeAuditDetails';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import {
  addDays,
  defaultCheckIntervalDays,
  effectiveExceptionState,
  exceptionFailureMessages,
  exceptionReminderLabels,
  exceptionReminders,
  exceptionStateLabels,
  nextCheckDue,
  type ExceptionFailure,
  type ExceptionRecord,
} from '../../../shared/domain/exceptions';
import { topicName } from '../../../shared/domain/policyProfile';
import { useDatabase } from '../../data/DatabaseContext';
import { advanceException, requestExceptionFor, type ExceptionStep } from '../../data/exceptionRepository';
import { useAssets } from '../../data/useLedger';
import { writeFailureMessages, type WriteFailure } from '../../data/writeResult';
import { Notice, type Message } from '../shell/Notice';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { useUnsavedChanges } from '../shell/unsavedChanges';
import { useOneAtATime } from '../shell/useOneAtATime';
import { useExceptions } from './useExceptions';

/**
 * The time and Tokyo day of the click. Not the day the screen was last drawn: a form filled in before
 * midnight and sent after it is judged on the new day (a period that ended yesterday is over).
 */
function clickTime(): { now: string; today: string } {
  const clock = new Date();
  return { now: clock.toISOString(), today: tokyoDay(clock) };
}

function failureText(reason: ExceptionFailure | WriteFailure, issues?: { field: string; message: string }[]): string {
  if (reason === 'invalid' && issues?.length) return issues.map((i) => i.message).join(' ');
  return (exceptionFailureMessages as Record<string, string>)[reason] ?? writeFailureMessages[reason as WriteFailure];
}

export function ExceptionsScreen({ assetId, onOpenAsset }: { assetId?: string; onOpenAsset: (id: string) => void }) {
  const can = useCan();
  const settings = useSectionSettings();
  const all = useExceptions();
  const today = tokyoDay(new Date());
  const [showClosed, setShowClosed] = useState(false);
  // A step that closes an exception takes its card off the list of open ones: its confirmation is shown here.
  const [closed, setClosed] = useState<Message>(null);
  const unreadable = all?.unreadable ?? [];
  const list = (all?.records ?? []).filter((e) => (assetId ? e.assetIds.includes(assetId) : true)).filter((e) => showClosed || e.state === 'requested' || e.state === 'approved');

  return (
    <section aria-labelledby="exceptions-title">
      <h1 id="exceptions-title">例外措置</h1>
      <p className="muted">
        遵守事項を守ることが難しく、別の方法をとる合理的な理由があるときは、例外措置として申請し、承認を得てから行います（【02】第5条(1)）。申請と審査の結果はここに保管し、定期的に状況を確認します（同条(3)）。
        承認は申請者以外のセキュリティ管理者が行います。緊急でやむを得ず先に行ったときは、事後すぐに申請してください（同条(2)）。
      </p>
      {can('exception.request') && <RequestForm initialAssetId={assetId} />}
      <div className="card" role="region" aria-labelledby="exceptions-list-title">
        <div className="card__head">
          <h2 id="exceptions-list-title">例外措置の一覧（{list.length}件）</h2>
          <label className="actions"><input type="checkbox" checked={showClosed} onChange={(e) => setShowClosed(e.target.checked)} /> 終了したもの（却下・取下げ・期間満了）も表示</label>
        </div>
        <Notice message={closed} reveal />
        {unreadable.length > 0 && (
          <Notice message={{ kind: 'error', text: `例外措置の記録 ${unreadable.length}件（番号 ${unreadable.slice(0, 20).map(visibleText).join('・')}${unreadable.length > 20 ? ' ほか' : ''}）を読み取れないため表示していません（書き換えられた可能性があります）。セキュリティ管理者と情報セキュリティ事務局に報告し、バックアップから復元するか、改めて申請してください。` }} />
        )}
        {list.length === 0 ? <p className="muted">表示する例外措置はありません。</p> : list.map((record) => <ExceptionCard key={record.id} record={record} today={today} dateStyle={settings.dateStyle} onOpenAsset={onOpenAsset} onClosed={setClosed} />)}
      </div>
    </section>
  );
}

function RequestForm({ initialAssetId }: { initialAssetId?: string }) {
  const db = useDatabase();
  const profile = useProfile();
  const { all } = useAssets(0);
  const today = tokyoDay(new Date());
  const initialNumber = initialAssetId ? (all?.find((a) => a.id === initialAssetId)?.managementNumber ?? '') : '';
  const [numbers, setNumbers] = useState<string | null>(null);
  const [rule, setRule] = useState('');
  const [reason, setReason] = useState('');
  const [measures, setMeasures] = useState('');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(addDays(today, 89));
  const [interval, setCheckInterval] = useState(String(defaultCheckIntervalDays));
  const [message, setMessage] = useState<Message>(null);
  // Suggestions from the active profile's handling rules, each with the article it implements.
  const rules = useMemo(() => [...new Set(profile.handling.map((h) => `${h.article} ${topicName(profile, h.topic)}`))], [profile]);
  const numberText = numbers ?? initialNumber;
  const once = useOneAtATime();
  // What the clerk wrote (not the dates and interval filled in for them): leaving asks first.
  useUnsavedChanges([rule, reason, measures, numbers ?? ''].some((v) => v.trim() !== ''));

  const submit = async () => {
    const byNumber = new Map((all ?? []).map((a) => [a.managementNumber, a.id]));
    const wanted = numberText.split(/[\s,、，]+/u).map((n) => n.normalize('NFKC').trim().toUpperCase()).filter(Boolean);
    const unknown = wanted.filter((n) => !byNumber.has(n));
    if (unknown.length > 0) return setMessage({ kind: 'error', text: `台帳にない管理番号があります：${unknown.join('、')}。管理番号を確かめてください。` });
    const result = await requestExceptionFor(
      db,
      { rule, reason, compensatingMeasures: measures, periodFrom: from, periodTo: to, checkIntervalDays: Number(interval), assetIds: wanted.map((n) => byNumber.get(n)!) },
      clickTime(),
    );
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result.reason, result.issues) });
    setMessage({ kind: 'ok', text: '例外措置を申請しました。セキュリティ管理者（申請者以外）の承認を待ってください。' });
    setRule('');
    setReason('');
    setMeasures('');
    setNumbers('');
  };

  return (
    <form className="card" aria-labelledby="exception-request-title" onSubmit={(e) => { e.preventDefault(); void once.run(submit); }}>
      <h2 id="exception-request-title">例外措置を申請する</h2>
      <div className="field">
        <label htmlFor="exception-rule">対象の遵守事項（条文）</label>
        <input id="exception-rule" list="exception-rules" value={rule} onChange={(e) => setRule(e.target.value)} maxLength={200} />
        <datalist id="exception-rules">{rules.map((r) => <option key={r} value={r} />)}</datalist>
      </div>
      <div className="field">
        <label htmlFor="exception-assets">対象の資産（管理番号、複数は空白か読点で区切る）</label>
        <input id="exception-assets" className="mono" value={numberText} onChange={(e) => setNumbers(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="exception-reason">理由（守れない事情と、例外とする合理的な理由）</label>
        <textarea id="exception-reason" value={reason} onChange={(e) => setReason(e.target.value)} rows={2} maxLength={1000} />
      </div>
      <div className="field">
        <label htmlFor="exception-measures">代替措置（リスクを抑えるために行うこと）</label>
        <textarea id="exception-measures" value={measures} onChange={(e) => setMeasures(e.target.value)} rows={2} maxLength={1000} />
      </div>
      <div className="fields">
        <div className="field"><label htmlFor="exception-from">開始日</label><input id="exception-from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
        <div className="field"><label htmlFor="exception-to">終了日（365日以内）</label><input id="exception-to" type="date" value={to} onChange={(e) => setTo(e.target.value)} /></div>
        <div className="field"><label htmlFor="exception-interval">定期確認の間隔（日）</label><input id="exception-interval" type="number" min={7} max={180} value={interval} onChange={(e) => setCheckInterval(e.target.value)} /></div>
      </div>
      <Notice message={message} />
      <div className="actions actions--start"><button type="submit" disabled={once.busy}>申請する</button></div>
    </form>
  );
}

function ExceptionCard({ record, today, dateStyle, onOpenAsset, onClosed }: { record: ExceptionRecord; today: string; dateStyle: 'seireki' | 'wareki'; onOpenAsset: (id: string) => void; onClosed: (message: Message) => void }) {
  const db = useDatabase();
  const can = useCan();
  const [text, setText] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const state = effectiveExceptionState(record, today);
  const reminders = exceptionReminders(record, today);
  // One step at a time: the second click of a double-click would find the step done and be logged as a failed attempt.
  const once = useOneAtATime();
  const step = (s: ExceptionStep, done: string) => once.run(async () => {
    const result = await advanceException(db, record.id!, s, clickTime());
    if (!result.ok) return setMessage({ kind: 'error', text: failureText(result.reason, result.issues) });
    setText('');
    if (result.value.state === 'requested' || result.value.state === 'approved') return setMessage({ kind: 'ok', text: done });
    setMessage(null);
    onClosed({ kind: 'ok', text: done });
  });
  const named = `「${record.rule}」の例外措置`;
  const titleId = `exception-${record.id}`;

  return (
    <article className="card" aria-labelledby={titleId}>
      <h3 id={titleId}>{record.rule}（{exceptionStateLabels[state]}）</h3>
      {reminders.length > 0 && <p className="notice">{reminders.map((r) => exceptionReminderLabels[r]).join('・')}</p>}
      <dl className="fields">
        <div className="fields__row"><dt>対象の資産</dt><dd>{record.managementNumbers.map((n, i) => <button key={n} type="button" className="link mono" onClick={() => onOpenAsset(record.assetIds[i]!)}>{n}</button>)}</dd></div>
        <div className="fields__row"><dt>期間</dt><dd>{formatDate(record.periodFrom, dateStyle)} 〜 {formatDate(record.periodTo, dateStyle)}</dd></div>
        <div className="fields__row"><dt>理由</dt><dd>{record.reason}</dd></div>
        <div className="fields__row"><dt>代替措置</dt><dd>{record.compensatingMeasures}</dd></div>
        <div className="fields__row"><dt>申請</dt><dd>{record.requestedBy}（{formatDate(record.requestedAt, dateStyle)}）</dd></div>
        {record.decidedBy && <div className="fields__row"><dt>審査</dt><dd>{record.decidedBy}（{formatDate(record.decidedAt ?? '', dateStyle)}）{record.decisionReason && `：${record.decisionReason}`}</dd></div>}
        {record.state === 'approved' && <div className="fields__row"><dt>次の定期確認</dt><dd>{formatDate(nextCheckDue(record), dateStyle)}（{record.checkIntervalDays}日ごと）</dd></div>}
        {record.checks.length > 0 && <div className="fields__row"><dt>確認の記録</dt><dd>{record.checks.map((c, i) => <div key={i}>{formatDate(c.day, dateStyle)} {c.by}：{c.stillNeeded ? '継続' : '不要'}{c.note && `（${c.note}）`}</div>)}</dd></div>}
      </dl>
      {(record.state === 'requested' || record.state === 'approved') && (
        <>
          {((record.state === 'requested' && can('exception.decide')) || (record.state === 'approved' && can('exception.check'))) && (
            <div className="field">
              <label htmlFor={`${titleId}-text`}>{record.state === 'requested' ? '審査の理由（却下のときは必須）' : '確認の内容'}</label>
              <input id={`${titleId}-text`} value={text} onChange={(e) => setText(e.target.value)} maxLength={500} />
            </div>
          )}
          <div className="actions actions--start">
            {record.state === 'requested' && can('exception.decide') && state !== 'expired' && (
              <>
                <button type="button" disabled={once.busy} onClick={() => void step({ kind: 'decide', approve: true, reason: text }, '承認しました。')}>承認</button>
                <button type="button" disabled={once.busy} onClick={() => void step({ kind: 'decide', approve: false, reason: text }, `${named}を却下しました。`)}>却下</button>
              </>
            )}
            {record.state === 'approved' && can('exception.check') && state !== 'expired' && (
              <>
                <button type="button" disabled={once.busy} onClick={() => void step({ kind: 'check', stillNeeded: true, note: text }, '定期確認を記録しました。')}>確認した（継続）</button>
                <button type="button" disabled={once.busy} onClick={() => void step({ kind: 'check', stillNeeded: false, note: text }, `${named}は不要になったため終了しました。`)}>確認した（不要になった）</button>
              </>
            )}
            {state === 'expired' && can('exception.withdraw') && <button type="button" disabled={once.busy} onClick={() => void step({ kind: 'expire' }, `${named}を期間満了として記録しました。`)}>期間満了として閉じる</button>}
            {state !== 'expired' && can('exception.withdraw') && <button type="button" className="link" disabled={once.busy} onClick={() => void step({ kind: 'withdraw' }, `${named}を取り下げました。`)}>取り下げる</button>}
          </div>
        </>
      )}
      <Notice message={message} />
    </article>
  );
}
