import { describe, expect, it } from 'vitest';
import { backupDue, backupFileName, compareRestore, tableDigest } from '../../../../shared/backup/backupContent';

const tables = { assets: [{ id: 'a', name: 'x' }], history: [{ id: 1 }], audit: [], settings: [{ key: 'section', value: {} }], labelPrints: [], accounts: [], takeOuts: [], disposals: [], trustedKeys: [] };

describe('compareRestore', () => {
  it('returns matches when every table is equal', () => {
    expect(compareRestore(tables, structuredClone(tables)).matches).toBe(true);
  });

  it('returns the table that differs, by content or by count', () => {
    const changed = { ...structuredClone(tables), assets: [{ id: 'a', name: 'y' }] };
    const result = compareRestore(tables, changed);
    expect(result.matches).toBe(false);
    expect(result.tables.find((t) => t.table === 'assets')).toMatchObject({ digestMatches: false, expectedCount: 1, actualCount: 1 });
    expect(compareRestore(tables, { ...structuredClone(tables), history: [] }).tables.find((t) => t.table === 'history')).toMatchObject({ actualCount: 0, digestMatches: false });
  });
});

describe('tableDigest', () => {
  it('returns the same digest whatever the key order inside records', () => {
    expect(tableDigest([{ a: 1, b: 2 }])).toBe(tableDigest([{ b: 2, a: 1 }]));
    expect(tableDigest([{ a: 1 }, { a: 2 }])).not.toBe(tableDigest([{ a: 2 }, { a: 1 }]));
  });
});

describe('backupDue', () => {
  const now = new Date('2026-05-01T00:00:00Z');
  it.each([
    [null, 30, { due: true, daysSince: null }],
    ['2026-04-20T00:00:00Z', 30, { due: false, daysSince: 11 }],
    ['2026-04-01T00:00:00Z', 30, { due: true, daysSince: 30 }],
    ['2026-04-30T12:00:00Z', 1, { due: false, daysSince: 0 }],
  ])('returns for last backup %s and interval %i days: %j', (last, interval, expected) => {
    expect(backupDue(last, interval, now)).toEqual(expected);
  });
});

describe('backupFileName', () => {
  it('returns section and date without characters Windows refuses', () => {
    expect(backupFileName('市民課', '2026-04-01T09:00:00Z')).toBe('市民課_2026-04-01.daicho-backup');
    expect(backupFileName('a/b:c* d', '2026-04-01')).toBe('a_b_c__d_2026-04-01.daicho-backup');
    expect(backupFileName('', '2026-04-01')).toBe('daicho_2026-04-01.daicho-backup');
  });
});
