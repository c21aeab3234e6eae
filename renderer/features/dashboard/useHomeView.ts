/**
 * Which screen a person starts on. A security manager starts on the dashboard once the section is past
 * its first day; until then (every step of はじめての手順 not yet done) on the ledger, where the guide is,
 * so a new section is always shown its next step first. Staff and auditors start on the ledger.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Account, AccountRole } from '../../../shared/accounts/account';
import { firstDaySteps } from '../../../shared/domain/firstDaySteps';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import type { SelfInspectionInput } from '../../../shared/domain/selfInspection';
import { useAccounts } from '../../data/useLedger';
import { useDatabase } from '../../data/DatabaseContext';
import { loadHomeRegisters, toInspectionAsset } from '../../data/reportRepository';
import { LEDGER_FIRST_PAGE_SIZE, useAssets } from '../../data/useLedger';

type HomeFacts = Pick<SelfInspectionInput, 'assets' | 'labelledAssetIds' | 'backup' | 'takeOuts'>;

/** The home view from the section's facts (the same steps the first-day guide shows). */
export function homeViewFor(role: AccountRole, facts: HomeFacts, accounts: readonly Pick<Account, 'role' | 'disabled'>[], profile: Pick<PolicyProfile, 'label'>): 'dashboard' | 'list' {
  if (role !== 'securityManager') return 'list';
  const active = facts.assets.filter((a) => a.status === 'active');
  const needLabel = active.filter((a) => profile.label.kinds.includes(a.kind));
  const steps = firstDaySteps({
    assets: active.length,
    unclassified: active.filter((a) => !a.classification).length,
    proposed: active.filter((a) => a.classification?.state === 'proposed').length,
    managers: accounts.filter((a) => a.role === 'securityManager' && !a.disabled).length,
    labelNeeded: needLabel.length,
    labelled: needLabel.filter((a) => facts.labelledAssetIds.has(a.id)).length,
    hasBackup: facts.backup.lastBackupAt !== null,
    hasExport: facts.takeOuts.some((t) => t.kind === 'export'),
  });
  return steps.every((s) => s.done) ? 'dashboard' : 'list';
}

/** undefined while the facts load. Called by the Shell, outside its profile provider: the profile is passed in. */
export function useHomeView(role: AccountRole, profile: Pick<PolicyProfile, 'id' | 'label'>): 'dashboard' | 'list' | undefined {
  // The assets from the ledger kept in memory (read after the list's first page, never before it);
  // the registers it needs read once. The answer is kept once known: the home view is chosen only
  // before the person first navigates, and recomputing it after every write was wasted work.
  const db = useDatabase();
  const { all } = useAssets(LEDGER_FIRST_PAGE_SIZE);
  const [registers, setRegisters] = useState<Omit<HomeFacts, 'assets'>>();
  useEffect(() => {
    if (role !== 'securityManager') return;
    let current = true;
    void loadHomeRegisters(db).then((loaded) => current && setRegisters(loaded));
    return () => {
      current = false;
    };
  }, [db, role]);
  const accounts = useAccounts();
  const decided = useRef<'dashboard' | 'list' | undefined>(undefined);
  return useMemo(() => {
    if (role !== 'securityManager') return 'list';
    if (decided.current) return decided.current;
    if (!all || !registers || !accounts) return undefined;
    decided.current = homeViewFor(role, { ...registers, assets: all.map((a) => toInspectionAsset(a, profile.id)) }, accounts, profile);
    return decided.current;
  }, [role, all, registers, accounts, profile]);
}
