/**
 * Which screen a person starts on. A security manager starts on the dashboard once the section is past
 * its first day; until then (every step of はじめての手順 not yet done) on the ledger, where the guide is,
 * so a new section is always shown its next step first. Staff and auditors start on the ledger.
 */
import { useEffect, useRef, useState } from 'react';
import type { Account, AccountRole } from '../../../shared/accounts/account';
import { firstDayAssetFacts, firstDaySteps, runSteps, type FirstDayAssetFacts } from '../../../shared/domain/firstDaySteps';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import type { SelfInspectionInput } from '../../../shared/domain/selfInspection';
import { useAccounts } from '../../data/useLedger';
import { useDatabase } from '../../data/DatabaseContext';
import { loadHomeRegisters } from '../../data/reportRepository';
import { runInSteps } from '../../data/runInSteps';
import { LEDGER_FIRST_PAGE_SIZE, useAssets } from '../../data/useLedger';

type HomeFacts = Pick<SelfInspectionInput, 'assets' | 'labelledAssetIds' | 'backup' | 'takeOuts'>;

/** The home view from the section's facts (the same steps the first-day guide shows). */
export function homeViewFor(role: AccountRole, facts: HomeFacts, accounts: readonly Pick<Account, 'role' | 'disabled'>[], profile: Pick<PolicyProfile, 'label'>): 'dashboard' | 'list' {
  if (role !== 'securityManager') return 'list';
  return homeViewFromCounts(runSteps(firstDayAssetFacts(facts.assets, facts.labelledAssetIds, profile.label.kinds)), facts, accounts);
}

/** The home view of a security manager from the asset counts (firstDayAssetFacts) and the registers. */
function homeViewFromCounts(counts: FirstDayAssetFacts, facts: Omit<HomeFacts, 'assets'>, accounts: readonly Pick<Account, 'role' | 'disabled'>[]): 'dashboard' | 'list' {
  const steps = firstDaySteps({
    ...counts,
    managers: accounts.filter((a) => a.role === 'securityManager' && !a.disabled).length,
    hasBackup: facts.backup.lastBackupAt !== null,
    hasExport: facts.takeOuts.some((t) => t.kind === 'export'),
  });
  return steps.every((s) => s.done) ? 'dashboard' : 'list';
}

/** undefined while the facts load. Called by the Shell, outside its profile provider: the profile is passed in. */
export function useHomeView(role: AccountRole, profile: Pick<PolicyProfile, 'id' | 'label'>): 'dashboard' | 'list' | undefined {
  // The assets from the ledger kept in memory (read after the list's first page, never before it);
  // the registers it needs read once. The answer is kept once known: the home view is chosen only
  // before the person first navigates, and recomputing it after every write was wasted work. The
  // assets are counted in short steps (issue 15): at 100,000 a single pass held the UI thread ~300 ms.
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
  const [decided, setDecided] = useState<'dashboard' | 'list' | undefined>(undefined);
  const deciding = useRef(false);
  useEffect(() => {
    if (role !== 'securityManager' || decided || deciding.current || !all || !registers || !accounts) return;
    deciding.current = true;
    // A class proposed under another profile reads as waiting for review (toInspectionAsset), not as a proposal.
    void runInSteps(firstDayAssetFacts(all, registers.labelledAssetIds, profile.label.kinds, profile.id)).then((counts) => setDecided(homeViewFromCounts(counts, registers, accounts)));
  }, [role, decided, all, registers, accounts, profile]);
  return role !== 'securityManager' ? 'list' : decided;
}
