/** Live queries for the self-inspection and the dashboard: the section's facts, and the audit state on request. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useMemo, useState } from 'react';
import { auditStateOf, loadInspectionRegisters, toInspectionAsset } from '../../data/reportRepository';
import { useAssets } from '../../data/useLedger';
import { auditVerifyFailureMessages, startAuditVerification } from '../../data/auditVerifier';
import type { AuditVerifyProgress } from '../../data/auditRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { buildSelfInspection, type InspectionAudit, type SelfInspectionReport } from '../../../shared/domain/selfInspection';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';

/**
 * The facts the report is computed from (undefined while loading), kept current as the ledger changes:
 * the assets from the ledger's in-memory snapshot (patched by the changed rows, assetCache.ts), not
 * read again from the database after every write (100,000 assets cloned on the UI thread each time);
 * the registers and accounts, small, by a live query.
 */
export function useInspectionFacts(profile: Pick<PolicyProfile, 'id'>) {
  const db = useDatabase();
  const { all } = useAssets(0);
  const registers = useLiveQuery(() => loadInspectionRegisters(db), [db]);
  return useMemo(() => (all && registers ? { ...registers, assets: all.map((a) => toInspectionAsset(a, profile.id)) } : undefined), [all, registers, profile.id]);
}

/** Audit facts for screens that do not verify the chain (the dashboard): counted as not checked. */
export const auditNotChecked: InspectionAudit = { chain: { ok: true, entries: 0 }, lastAnchor: null, sinceAnchor: 'ok' };

/**
 * The audit log's verification for the report, as the screen shows it: running (with progress and a
 * cancel), done, or stopped (cancelled or failed, with a message and a retry).
 */
export type ReportAuditState =
  | { kind: 'running'; progress: AuditVerifyProgress | null; cancel: () => void }
  | { kind: 'done'; audit: InspectionAudit }
  | { kind: 'stopped'; message: string; retry: () => void };

/** Why the report is not shown: it carries the audit log's verification, which did not finish. */
const stoppedMessages: Record<'cancelled' | 'worker-failed', string> = {
  cancelled: '監査ログの検証を中止しました。自己点検には監査ログの検証結果を載せるため、作成するには「もう一度検証する」を押してください。記録は変更されていません。',
  'worker-failed': `監査ログの検証が終わらなかったため、自己点検を作成できません。${auditVerifyFailureMessages['worker-failed']}`,
};

/**
 * Verifies every audit entry and the last export's head once when the screen opens, in the audit
 * workers (issue 15: the report used to re-read and re-hash the whole log on the UI thread, as a live
 * query after every write: minutes with the window frozen at a million entries). The report states the
 * log as verified at that moment; 「もう一度」 verifies again.
 */
export function useReportAuditState(enabled: boolean): ReportAuditState | null {
  const db = useDatabase();
  const [run, setRun] = useState(0);
  const [state, setState] = useState<ReportAuditState | null>(null);
  useEffect(() => {
    if (!enabled) return setState(null);
    const retry = () => setRun((n) => n + 1);
    const running = startAuditVerification(db, (progress) => setState((s) => (s?.kind === 'running' ? { ...s, progress } : s)));
    setState({ kind: 'running', progress: null, cancel: running.cancel });
    let current = true;
    void running.result.then((outcome) => {
      if (!current) return;
      if (outcome.ok) setState({ kind: 'done', audit: auditStateOf(outcome.value) });
      else setState({ kind: 'stopped', message: stoppedMessages[outcome.reason], retry });
    });
    return () => {
      current = false;
      running.cancel();
    };
  }, [db, enabled, run]);
  return state;
}

/** The self-inspection for `asOf`; undefined while loading. `audit` undefined: not verified (the dashboard). */
export function useSelfInspection(asOf: string, audit?: InspectionAudit): SelfInspectionReport | undefined {
  const settings = useSectionSettings();
  const profile = useProfile();
  const facts = useInspectionFacts(profile);
  return useMemo(() => {
    if (!facts) return undefined;
    return buildSelfInspection({ ...facts, audit: audit ?? auditNotChecked, organisation: settings.organisation, section: settings.section, profile }, asOf);
  }, [facts, audit, settings.organisation, settings.section, profile, asOf]);
}
