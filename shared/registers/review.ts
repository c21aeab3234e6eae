/**
 * Periodic reviews: each asset has a next-review date, its interval and basis taken from the policy
 * profile (`review`: 【03】第3条3 asks for the ledger to follow every change; the interval itself is the
 * profile's). Account rights are a different review: at least every six months (【09】第7条2, which is
 * about access rights only).
 */
import { isoDateOrEmpty } from '../domain/asset';
import { tokyoDay } from '../domain/formatDate';

/** The day `months` after `day` (YYYY-MM-DD), clamped to the month's last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = new Date(Date.UTC(y, m - 1 + months, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d, last));
  return target.toISOString().slice(0, 10);
}

export type ReviewStatus = 'overdue' | 'due' | 'ok' | 'unset';

/**
 * Overdue when the date has passed, due within `soonDays`, unset when there is none. A date that is not
 * one (a record edited by hand: 「来年」) is overdue, to be looked at: compared as text it sorted after
 * every real day and was never due.
 */
export function reviewStatus(nextReviewDate: string, today: string, soonDays = 30): ReviewStatus {
  if (!nextReviewDate) return 'unset';
  if (typeof nextReviewDate !== 'string' || !isoDateOrEmpty.safeParse(nextReviewDate).success) return 'overdue';
  if (nextReviewDate < today) return 'overdue';
  const soon = new Date(`${today}T00:00:00Z`);
  soon.setUTCDate(soon.getUTCDate() + soonDays);
  return nextReviewDate <= soon.toISOString().slice(0, 10) ? 'due' : 'ok';
}

/** 【09】第7条2: 利用者のアクセス権を少なくとも半年に一回以上棚卸しなければならない。 */
export const RIGHTS_REVIEW_MONTHS = 6;

/**
 * The day an account's rights review falls due: six months from the Tokyo day it was made (a review
 * at 08:00 in Tokyo is stored as the previous day in UTC, and must not fall due a day early).
 */
export function rightsReviewDueOn(rightsReviewedAt: string): string {
  // A record edited by hand may hold anything: a date that cannot be read gives no due day (''), which
  // is before every day, so the account is listed as due now rather than stopping the screen.
  if (typeof rightsReviewedAt !== 'string' || Number.isNaN(Date.parse(rightsReviewedAt))) return '';
  const day = /^\d{4}-\d{2}-\d{2}$/.test(rightsReviewedAt) ? rightsReviewedAt : tokyoDay(new Date(rightsReviewedAt));
  return addMonths(day, RIGHTS_REVIEW_MONTHS);
}

/** Overdue once the due day has passed (on the due day itself the review is still in time), or when the date cannot be read. */
export function rightsReviewOverdue(rightsReviewedAt: string, today: string): boolean {
  return rightsReviewDueOn(rightsReviewedAt) < today;
}
