/**
 * Filters for the audit-log viewer: who, what, when (Tokyo calendar days) and which asset, planned as
 * one index range of the log (the viewer reads one page, never the whole log: issue 15).
 */
import type { AuditEntry } from './auditChain';
import { tokyoDay } from './formatDate';

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Inclusive calendar days, YYYY-MM-DD (Tokyo). */
  from?: string;
  to?: string;
  /** 管理番号 of the asset: entries whose target is that asset. */
  managementNumber?: string;
}

/**
 * The indexes the audit screen pages through (renderer/data/db.ts v7). Each ends in `at` then `seq`, so
 * one index range gives a filter's entries within a period, newest first, and (at, seq) is a unique
 * position to continue from on the next page.
 */
export type AuditIndex = '[at+seq]' | '[actor+at+seq]' | '[action+at+seq]' | '[target+at+seq]';

/** How to read a filter: one index range, and the conditions checked on each entry read from it. */
export interface AuditQueryPlan {
  index: AuditIndex;
  /** Index values before `at` (the actor, the action or the asset id). */
  prefix: string[];
  /** The period as instants, [lower, upper): ISO strings, null for an open side. */
  lower: string | null;
  upper: string | null;
  /** Conditions the index does not answer; empty when the range is the answer (its count is the total). */
  residual: Pick<AuditFilter, 'actor' | 'action'>;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;

/** The instant a Tokyo calendar day starts, or null for a value that is not a real day. */
function tokyoMidnight(day: string): Date | null {
  if (!dayPattern.test(day)) return null;
  const date = new Date(`${day}T00:00:00+09:00`);
  return Number.isNaN(date.getTime()) || tokyoDay(date) !== day ? null : date;
}

/**
 * Plans the read of a filter. `assetId` is the id of the asset whose 管理番号 the filter names (null
 * when the number is not in the ledger: nothing can match). Of actor and action, the action picks the
 * index: a section has few people and many kinds of action, so an action's range is usually the
 * smaller one to walk. Returns null when nothing can match (an unknown asset, an empty or invalid period).
 */
export function planAuditQuery(filter: AuditFilter, assetId: string | null | undefined): AuditQueryPlan | null {
  const from = filter.from ? tokyoMidnight(filter.from) : undefined;
  const to = filter.to ? tokyoMidnight(filter.to) : undefined;
  if (from === null || to === null) return null;
  const lower = from ? from.toISOString() : null;
  const upper = to ? new Date(to.getTime() + 24 * 3600_000).toISOString() : null;
  if (lower !== null && upper !== null && lower >= upper) return null;
  const period = { lower, upper };
  if (filter.managementNumber?.trim()) {
    if (!assetId) return null;
    return { index: '[target+at+seq]', prefix: [assetId], ...period, residual: { actor: filter.actor, action: filter.action } };
  }
  if (filter.action) return { index: '[action+at+seq]', prefix: [filter.action], ...period, residual: { actor: filter.actor } };
  if (filter.actor) return { index: '[actor+at+seq]', prefix: [filter.actor], ...period, residual: {} };
  return { index: '[at+seq]', prefix: [], ...period, residual: {} };
}

/** Whether an entry read from the plan's range meets the conditions the index did not answer. */
export function meetsResidual(entry: Pick<AuditEntry, 'actor' | 'action'>, residual: AuditQueryPlan['residual']): boolean {
  return (!residual.actor || entry.actor === residual.actor) && (!residual.action || entry.action === residual.action);
}

/** Whether the plan's range alone answers the filter (so counting the range counts the matches). */
export function hasResidual(plan: AuditQueryPlan): boolean {
  return Boolean(plan.residual.actor || plan.residual.action);
}

/** What the audit screen knows about the count of one page it shows (renderer/data/auditRepository.ts AuditPage). */
export interface AuditPageCount {
  /** The matching entries counted up to a cap, or null when not cheap to know (a second condition). */
  total: number | null;
  /** The count reached the cap. */
  totalAtLeast: boolean;
  /** Entries on this page. */
  shown: number;
  /** An older page follows. */
  more: boolean;
}

/**
 * The count line: the total when counted (「1,000 件以上」 at the cap); else what the pages walked so far
 * hold (each earlier page was full, `pageSize` entries), 「以上」 while older pages follow. Before
 * 2026-11-30 the screen said only this page's entries, 「30 件以上」 on a second page of 30 after 100.
 */
export function auditCountText(count: AuditPageCount, pagesBefore: number, pageSize: number): string {
  if (count.total !== null) return `${count.total.toLocaleString('ja-JP')} 件${count.totalAtLeast ? '以上' : ''}`;
  return `${(pagesBefore * pageSize + count.shown).toLocaleString('ja-JP')} 件${count.more ? '以上' : ''}`;
}
