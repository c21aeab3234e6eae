import { useLayoutEffect } from 'react';

/**
 * Sets the printed page (`@page` rule) while the calling screen is shown, and removes it after. Done
 * through the CSSOM, which the CSP allows; an inline <style> is not.
 */
export function usePageRule(rule: string): void {
  useLayoutEffect(() => {
    const sheet = [...document.styleSheets].find((s) => {
      try {
        return s.cssRules.length >= 0;
      } catch {
        return false;
      }
    });
    if (!sheet) return;
    const index = sheet.insertRule(rule, sheet.cssRules.length);
    return () => sheet.deleteRule(index);
  }, [rule]);
}

/** A4 portrait with 12 mm margins: the report and the dashboard. */
export const A4_PORTRAIT = '@page { size: A4 portrait; margin: 12mm; }';
