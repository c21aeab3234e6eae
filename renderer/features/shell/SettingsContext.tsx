import { createContext, useContext } from 'react';
import type { SectionSettings } from '../../../shared/domain/sectionSettings';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import type { AccountRole } from '../../../shared/accounts/account';
import { isPermitted, type Operation } from '../../../shared/accounts/permissions';

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

/**
 * Whether the signed-in role may do an operation, from the one permission table: screens show a button
 * only when this says yes, and the data layer checks the same table again when the write happens.
 */
export function useCan(): (operation: Operation) => boolean {
  const operator = useOperator();
  return (operation) => isPermitted(operator.role, operation);
}

/**
 * When a change is made (taken at that moment). Who makes it is not passed: the data layer takes the
 * signed-in account from its session and checks its role itself.
 */
export function useChangeContext(): () => { now: string } {
  return () => ({ now: new Date().toISOString() });
}
