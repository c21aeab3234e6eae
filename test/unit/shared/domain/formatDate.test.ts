import { describe, expect, it } from 'vitest';
import { formatDate, tokyoDay } from '../../../../shared/domain/formatDate';

describe('formatDate', () => {
  it.each([
    ['2026-04-01', 'seireki', '2026年4月1日'],
    ['2026-04-01', 'wareki', '令和8年4月1日'],
    ['2019-05-01', 'wareki', '令和元年5月1日'],
    ['2019-04-30', 'wareki', '平成31年4月30日'],
  ] as const)('returns %s as %s date %s', (iso, style, expected) => {
    expect(formatDate(iso, style)).toBe(expected);
  });

  it('returns a timestamp in Tokyo time with the date in the chosen style', () => {
    expect(formatDate('2026-03-31T15:30:00.000Z', 'seireki')).toBe('2026年4月1日 0:30');
    expect(formatDate('2026-03-31T15:30:00.000Z', 'wareki')).toMatch(/^令和8年4月1日 00:30$/);
  });

  it('returns empty text for empty input and the input itself when it is not a date', () => {
    expect(formatDate('')).toBe('');
    expect(formatDate('いつか')).toBe('いつか');
  });
});

describe('tokyoDay', () => {
  it('returns the Tokyo calendar day, which is ahead of UTC after 15:00 UTC', () => {
    expect(tokyoDay(new Date('2026-03-31T14:59:00Z'))).toBe('2026-03-31');
    expect(tokyoDay(new Date('2026-03-31T15:00:00Z'))).toBe('2026-04-01');
  });
});
