/** Policy profile files (the 事務局's JSON) as an attacker or a slip of the editor may leave them. */
import { describe, expect, it } from 'vitest';
import { parsePolicyProfile } from '../../../../shared/domain/policyProfile';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

/** The bundled profile as a file would hold it, with one part replaced (the JSON text built lazily). */
const withPart = (part: string, json: string) => JSON.parse(JSON.stringify({ ...nishinomiyaProfile, [part]: '__PART__' }).replace('"__PART__"', json)) as unknown;
const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

describe('parsePolicyProfile on hostile files', () => {
  it.each<[string, () => unknown, RegExp]>([
    ['an array where the rules belong, nested 300,000 deep', () => withPart('rules', `[${deep(300_000)}]`), /^rules\[0\]$/],
    ['an object where the objectives list belongs', () => withPart('objectives', '{"a":1}'), /^objectives$/],
    ['a version of 1e400 (Infinity after JSON.parse)', () => withPart('version', '1e400'), /^version$/],
    ['a __proto__ key inside a rule', () => withPart('rules', '[{"__proto__":{"minLevel":"A"}}]'), /^rules\[0\]\.__proto__$/],
    ['a constructor key at the top', () => ({ ...(withPart('rules', '[]') as object), constructor: { prototype: { polluted: true } } }), /^constructor$/],
  ])('refuses %s, naming the field in Japanese', (_name, data, field) => {
    const started = performance.now();
    const parsed = parsePolicyProfile(data());
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.field).toMatch(field);
    // zod's English defaults ("Invalid input: expected object, received array") never reach the screen.
    expect(parsed.message).not.toMatch(/[A-Za-z]{4,} [a-z]{3,}/);
    expect(parsed.message).toMatch(/[ぁ-んァ-ヶ一-龠]/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });
});
