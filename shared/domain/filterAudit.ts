/** Filters for the audit-log viewer: who, what, when (Tokyo calendar days) and which asset. */
import type { AuditEntry } from './auditChain';
import { tokyoDay } from './formatDate';

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Inclusive calendar days, YYYY-MM-DD (Tokyo). */
  from?: string;
  to?: string;
  /** 管理番号 of the asset, matched against the entry's detail or its target's number. */
  managementNumber?: string;
}

/** Returns the entries that match every given condition, newest first. */
export function filterAudit(entries: readonly AuditEntry[], filter: AuditFilter, numberOfTarget: (target: string) => string | undefined): AuditEntry[] {
  const number = filter.managementNumber?.trim().toUpperCase();
  return entries
    .filter((entry) => {
      if (filter.actor && entry.actor !== filter.actor) return false;
      if (filter.action && entry.action !== filter.action) return false;
      const day = tokyoDay(new Date(entry.at));
      if (filter.from && day < filter.from) return false;
      if (filter.to && day > filter.to) return false;
      if (number) {
        const detailNumber = typeof entry.detail.managementNumber === 'string' ? entry.detail.managementNumber : undefined;
        if (detailNumber !== number && numberOfTarget(entry.target) !== number) return false;
      }
      return true;
    })
    .sort((a, b) => b.seq - a.seq);
}
