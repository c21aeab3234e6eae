/** The exception measures (【02】第5条) that cover one asset, shown on its page. Nothing when none. */
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { effectiveExceptionState, exceptionReminderLabels, exceptionReminders, exceptionStateLabels } from '../../../shared/domain/exceptions';
import { useSectionSettings } from '../shell/SettingsContext';
import { useExceptionsForAsset } from './useExceptions';

export function AssetExceptions({ assetId }: { assetId: string }) {
  const exceptions = useExceptionsForAsset(assetId);
  const settings = useSectionSettings();
  if (!exceptions || exceptions.length === 0) return null;
  const today = tokyoDay(new Date());
  return (
    <section className="card" aria-labelledby="asset-exceptions-title">
      <h2 id="asset-exceptions-title">例外措置（{exceptions.length}件）</h2>
      <ul>
        {exceptions.map((e) => {
          const reminders = exceptionReminders(e, today);
          return (
            <li key={e.id}>
              <strong>{e.rule}</strong>：{exceptionStateLabels[effectiveExceptionState(e, today)]}（{formatDate(e.periodFrom, settings.dateStyle)} 〜 {formatDate(e.periodTo, settings.dateStyle)}）。代替措置：{e.compensatingMeasures}
              {reminders.length > 0 && <span className="notice">{reminders.map((r) => exceptionReminderLabels[r]).join('・')}</span>}
            </li>
          );
        })}
      </ul>
      <p className="muted">申請・承認・定期確認は「例外措置」画面で行います。</p>
    </section>
  );
}
