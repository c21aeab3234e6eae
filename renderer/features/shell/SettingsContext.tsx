import { createContext, useContext } from 'react';
import type { SectionSettings } from '../../../shared/domain/sectionSettings';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import type { AccountRole } from '../../../shared/accounts/account';

export const SettingsContext = createContext<SectionSettings | null>(null);

/** The section's settings; screens below the shell always have them. */
export function useSectionSettings(): SectionSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSectionSettings outside the shell');
  return settings;
}

export const ProfileContext = createContext<PolicyProfile | null>(null);

/** The section's active policy profile. */
export function useProfile(): PolicyProfile {
  const profile = useContext(ProfileContext);
  if (!profile) throw new Error('useProfile outside the shell');
  return profile;
}

/** The signed-in person: whose name every change records, and what their role allows. */
export interface Operator {
  userId: string;
  name: string;
  role: AccountRole;
}

export const OperatorContext = createContext<Operator | null>(null);

export function useOperator(): Operator {
  const operator = useContext(OperatorContext);
  if (!operator) throw new Error('useOperator outside the shell');
  return operator;
}

/** Who is changing the ledger, with which role, and when (taken when the change is made). */
export function useChangeContext(): () => { actor: string; role: AccountRole; now: string } {
  const operator = useOperator();
  return () => ({ actor: operator.name, role: operator.role, now: new Date().toISOString() });
}
