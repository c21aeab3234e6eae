/**
 * はじめての手順: the first day of a new section as a checklist on the home screen. Each step says
 * whether it is done (from the ledger's own records) and opens the place where it is done. A person can
 * hide it; the 「はじめての手順」 button on the ledger brings it back. Hiding is a personal display
 * choice kept in this browser profile, not a ledger setting, so it is not audited.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Operation } from '../../../shared/accounts/permissions';
import type { Asset } from '../../../shared/domain/asset';
import { firstDayAssetFacts, firstDaySteps, type FirstDayAssetFacts, type FirstDayStepId } from '../../../shared/domain/firstDaySteps';
import { runInSteps, SliceCancelled } from '../../data/runInSteps';
import { useAccounts, useBackupSchedule, useLabelPrints, useTakeOuts } from '../../data/useLedger';
import { useCan, useProfile } from '../shell/SettingsContext';

const storageKey = (userId: string) => `daicho.firstDayGuide.hidden.${userId}`;

/** Whether this person hid the guide (local display preference; a blocked storage just shows it). */
export function useGuideHidden(userId: string): [boolean, (hidden: boolean) => void] {
  const [hidden, setHidden] = useState(() => {
    try {
      return window.localStorage.getItem(storageKey(userId)) === '1';
    } catch {
      return false;
    }
  });
  const set = (value: boolean) => {
    setHidden(value);
    try {
      if (value) window.localStorage.setItem(storageKey(userId), '1');
      else window.localStorage.removeItem(storageKey(userId));
    } catch {
      // Storage unavailable: the choice lasts until the page is reloaded.
    }
  };
  return [hidden, set];
}

export function FirstDayGuide({ assets, onStep, onHide }: { assets: readonly Asset[]; onStep: (step: FirstDayStepId) => void; onHide: () => void }) {
  const policy = useProfile();
  const can = useCan();
  const prints = useLabelPrints();
  const schedule = useBackupSchedule();
  const takeOuts = useTakeOuts();
  const accounts = useAccounts();
  // The asset counts in short steps (issue 15): at 100,000 assets one pass held the UI thread
  // ~400 ms after login and after every write. Until the first count is there the guide waits.
  const [counts, setCounts] = useState<FirstDayAssetFacts>();
  useEffect(() => {
    let current = true;
    const printed = new Set((prints ?? []).flatMap((p) => p.assetIds));
    runInSteps(firstDayAssetFacts(assets, printed, policy.label.kinds), { cancelled: () => !current }).then(
      (counted) => current && setCounts(counted),
      (error: unknown) => {
        if (!(error instanceof SliceCancelled)) throw error;
      },
    );
    return () => {
      current = false;
    };
  }, [assets, prints, policy]);
  const steps = useMemo(
    () =>
      counts &&
      firstDaySteps({
        ...counts,
        managers: (accounts ?? []).filter((a) => a.role === 'securityManager' && !a.disabled).length,
        hasBackup: Boolean(schedule?.lastBackupAt),
        hasExport: (takeOuts ?? []).some((t) => t.kind === 'export'),
      }),
    [counts, schedule, takeOuts, accounts],
  );
  if (!steps) return null;
  const remaining = steps.filter((s) => !s.done).length;
  const next = steps.find((s) => !s.done);
  /** Each step is offered to whoever the permission table lets do it. */
  const operation: Record<FirstDayStepId, Operation | null> = { setup: null, register: 'asset.create', classify: 'classification.propose', approve: 'classification.approve', labels: 'label.print', backup: 'backup.create', export: 'ledger.export' };

  return (
    <div className="card guide" role="region" aria-labelledby="guide-title">
      <div className="guide__head">
        <h2 id="guide-title">はじめての手順{remaining === 0 ? '（すべて終わりました）' : `（残り${remaining}つ）`}</h2>
        <button type="button" className="link" onClick={onHide}>この案内を閉じる</button>
      </div>
      {steps.some((s) => s.done) && (
        <p className="guide__done">
          <span aria-hidden="true">✓ </span>済み: {steps.filter((s) => s.done).map((s) => s.title).join('・')}
        </p>
      )}
      {remaining === 0 && <p>台帳の準備ができました。この案内は閉じてかまいません（閉じたあとも、台帳一覧の「はじめての手順」ボタンでいつでも開けます）。</p>}
      {remaining > 0 && <ol className="guide__steps" aria-label="これからの手順">
        {steps.filter((s) => !s.done).map((step) => {
          const op = operation[step.id];
          const allowed = op === null || can(op);
          return (
            <li key={step.id} className={step === next ? 'guide__step guide__step--next' : 'guide__step'}>
              <span className="guide__title">{step.title}</span>
              <span className="guide__todo">{step.todo}{!allowed && '（セキュリティ管理者が行います）'}</span>
              {allowed ? (
                <button type="button" className={step === next ? 'primary' : undefined} onClick={() => onStep(step.id)}>
                  {step.id === 'register' ? '貼り付けて登録' : '開く'}
                </button>
              ) : <span />}
            </li>
          );
        })}
      </ol>}
    </div>
  );
}
