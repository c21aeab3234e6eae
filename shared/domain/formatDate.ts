/** Dates shown the Japanese way: 2026年4月1日, or in 和暦 (令和8年4月1日) when the user prefers it. */

export type DateStyle = 'seireki' | 'wareki';

const seireki = new Intl.DateTimeFormat('ja-JP', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' });
const wareki = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' });
const seirekiTime = new Intl.DateTimeFormat('ja-JP', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Tokyo' });
const warekiTime = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', { era: 'long', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Tokyo' });

/**
 * Formats an ISO date (YYYY-MM-DD, read as a calendar day) or timestamp for display.
 * Returns '' for empty input and the input itself when it is not a date, so nothing is hidden.
 */
export function formatDate(iso: string, style: DateStyle = 'seireki'): string {
  if (!iso) return '';
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(iso);
  // A calendar day is read at noon in Tokyo so no time zone moves it to another day.
  const date = new Date(dateOnly ? `${iso}T12:00:00+09:00` : iso);
  if (Number.isNaN(date.getTime())) return iso;
  if (dateOnly) return (style === 'wareki' ? wareki : seireki).format(date);
  return (style === 'wareki' ? warekiTime : seirekiTime).format(date);
}

/** Today's calendar day in Tokyo as YYYY-MM-DD, from an injected instant. */
export function tokyoDay(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (both YYYY-MM-DD); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
