/** Live queries for the self-inspection and the dashboard: the section's facts, and the audit state on request. */
import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import { loadAuditState, loadInspectionFacts } from '../../data/reportRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { buildSelfInspection, type InspectionAudit, type SelfInspectionReport } from '../../../shared/domain/selfInspection';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';

/** The facts the report is computed from (undefined while loading); re-read when the ledger changes. */
export function useInspectionFacts(profile: Pick<PolicyProfile, 'id'>) {
  const db = useDatabase();
  return useLiveQuery(() => loadInspectionFacts(db, profile), [db, profile]);
}

/** Audit facts for screens that do not verify the chain (the dashboard): counted as not checked. */
export const auditNotChecked: InspectionAudit = { chain: { ok: true, entries: 0 }, lastAnchor: null, sinceAnchor: 'ok' };

/** The self-inspection for `asOf`; undefined while loading. `withAudit` false skips verifying the chain. */
export function useSelfInspection(asOf: string, withAudit: boolean): SelfInspectionReport | undefined {
  const settings = useSectionSettings();
  const profile = useProfile();
  const facts = useInspectionFacts(profile);
  const audit = useAuditStateIf(withAudit);
  return useMemo(() => {
    if (!facts || (withAudit && !audit)) return undefined;
    return buildSelfInspection({ ...facts, audit: audit ?? auditNotChecked, organisation: settings.organisation, section: settings.section, profile }, asOf);
  }, [facts, audit, withAudit, settings.organisation, settings.section, profile, asOf]);
}

/** The audit log's state, only when asked (it hashes the whole log). */
function useAuditStateIf(enabled: boolean): InspectionAudit | undefined {
  const db = useDatabase();
  return useLiveQuery(() => (enabled ? loadAuditState(db) : undefined), [db, enabled]);
}
