import { createContext, useContext } from 'react';
import type { SectionSettings } from '../../../shared/domain/sectionSettings';

export const SettingsContext = createContext<SectionSettings | null>(null);

/** The section's settings; screens below the shell always have them. */
export function useSectionSettings(): SectionSettings {
  const settings = useContext(SettingsContext);
  if (!settings) throw new Error('useSectionSettings outside the shell');
  return settings;
}
