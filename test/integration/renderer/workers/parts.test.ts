/**
 * Slicing a worker's large arrays into `part` messages and joining them back: what is joined is what
 * was split, the job's own answer is not changed, and only declared, empty places are filled.
 */
import { describe, expect, it } from 'vitest';
import { joinParts, splitParts } from '../../../../renderer/workers/parts';

describe('splitParts', () => {
  it.each([
    ['no rows', 0, 0],
    ['fewer rows than a part', 3, 1],
    ['exactly two parts', 10, 2],
    ['a last short part', 11, 3],
  ])('returns %s in slices of the part size, leaving an empty array in their place', (_name, count, partCount) => {
    const rows = Array.from({ length: count }, (_, i) => ({ i }));
    const output = { ok: true, rows, diff: { added: 1 } };
    const { rest, parts } = splitParts(output, ['rows'], 5);
    expect(parts).toHaveLength(partCount);
    expect(parts.flatMap((p) => p.items)).toEqual(rows);
    expect(rest).toEqual({ ok: true, rows: [], diff: { added: 1 } });
    expect(output.rows).toBe(rows);
  });

  it('returns nested arrays by their dotted path and leaves the job’s own objects unchanged', () => {
    const output = { ok: true, content: { section: '市民課', tables: { assets: [1, 2, 3], audit: [4] } } };
    const { rest, parts } = splitParts(output, ['content.tables.assets', 'content.tables.audit', 'content.tables.missing'], 2);
    expect(parts).toEqual([{ path: 'content.tables.assets', items: [1, 2] }, { path: 'content.tables.assets', items: [3] }, { path: 'content.tables.audit', items: [4] }]);
    expect(rest).toEqual({ ok: true, content: { section: '市民課', tables: { assets: [], audit: [] } } });
    expect(output.content.tables.assets).toEqual([1, 2, 3]);
  });

  it.each([
    ['a refusal without rows', { ok: false, refusal: { reason: 'bad' } }],
    ['null', null],
    ['a string', 'x'],
  ])('returns %s untouched and without parts', (_name, output) => {
    expect(splitParts(output, ['rows'])).toEqual({ rest: output, parts: [] });
  });
});

describe('joinParts', () => {
  it('puts split parts back where they came from', () => {
    const output = { ok: true, content: { tables: { assets: [1, 2, 3], audit: [4] } } };
    const { rest, parts } = splitParts(output, ['content.tables.assets', 'content.tables.audit'], 2);
    const byPath = new Map<string, unknown[]>();
    for (const part of parts) byPath.set(part.path, [...(byPath.get(part.path) ?? []), ...part.items]);
    expect(joinParts(rest, byPath, ['content.tables.assets', 'content.tables.audit'])).toBe(true);
    expect(rest).toEqual(output);
  });

  it.each([
    ['an undeclared path', 'diff', { rows: [] }],
    ['the prototype', '__proto__', { rows: [] }],
    ['a place that is not an array', 'rows', { rows: 'x' }],
    ['a place already filled', 'rows', { rows: [1] }],
    ['a missing place', 'rows', {}],
    ['an answer that is not an object', 'rows', null],
  ])('returns false for %s', (_name, path, output) => {
    expect(joinParts(output, new Map([[path, [1]]]), ['rows'])).toBe(false);
  });
});
