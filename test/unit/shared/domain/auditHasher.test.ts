import { describe, expect, it } from 'vitest';
import { chainAuditEntries, chainAuditEntry, hashAuditEntry, type AuditEntry } from '../../../../shared/domain/auditChain';
import { AuditChainHasher, digestEqualsHex } from '../../../../shared/domain/auditHasher';
import { digestToHex } from '../../../../shared/domain/auditRanges';

const event = (i: number) => ({ at: new Date(Date.UTC(2026, 3, 1) + i * 60_000).toISOString(), actor: i % 2 ? '山田 花子' : '佐藤 一郎', action: 'asset.update' as const, target: `id-${i}`, outcome: 'success' as const, detail: { i, note: `変更${i}` } });
const entries = chainAuditEntries(undefined, Array.from({ length: 5 }, (_, i) => event(i)));
const base = entries[0]!;

describe('AuditChainHasher', () => {
  const hasher = new AuditChainHasher();

  it.each([
    ['a stored entry', base],
    ['one with hostile text (surrogates, line separators, quotes)', chainAuditEntry(undefined, { ...event(1), actor: '𠮷野 髙橋 ①', detail: { text: 'é\u0301 \u2028 "quoted" \\ 改行\n', nested: { z: 1, a: [null, true, 1.5] } } })],
    ['one with a lone surrogate (UTF-8 writes U+FFFD, as hashAuditEntry does)', chainAuditEntry(undefined, { ...event(2), actor: '\ud800x' })],
    ['one with a missing field (an old record)', { ...base, target: undefined } as unknown as AuditEntry],
    ['one whose detail is an array', { ...base, detail: [1, 2] } as unknown as AuditEntry],
    ['one whose seq is a string', { ...base, seq: '1' } as unknown as AuditEntry],
    // Longer than the hasher's first buffer (4096 bytes): the buffer grows, nothing is cut.
    ['one with a detail of 20,000 kanji', chainAuditEntry(undefined, { ...event(3), detail: { text: '漢'.repeat(20_000) } })],
  ])('hashes exactly the bytes hashAuditEntry hashes for %s', (_, entry) => {
    expect(hasher.hex(entry)).toBe(hashAuditEntry(entry));
    expect(digestToHex(hasher.digest(entry))).toBe(hashAuditEntry(entry));
  });

  it('gives the same answers after a long entry grew its buffer (no bytes left over from before)', () => {
    const fresh = new AuditChainHasher();
    fresh.hex(chainAuditEntry(undefined, { ...event(3), detail: { text: 'x'.repeat(10_000) } }));
    expect(entries.map((e) => fresh.hex(e))).toEqual(entries.map(hashAuditEntry));
  });

  it.each([
    ['the entry as stored', (e: AuditEntry) => e, true],
    ['its detail changed', (e: AuditEntry) => ({ ...e, detail: { ...e.detail, i: 99 } }), false],
    ['its actor changed', (e: AuditEntry) => ({ ...e, actor: 'なりすまし' }), false],
    ['its seq changed', (e: AuditEntry) => ({ ...e, seq: e.seq + 1 }), false],
    ['its hash in upper case', (e: AuditEntry) => ({ ...e, hash: e.hash.toUpperCase() }), false],
    ['its hash one character short', (e: AuditEntry) => ({ ...e, hash: e.hash.slice(1) }), false],
    ['its hash with a character added', (e: AuditEntry) => ({ ...e, hash: `${e.hash}0` }), false],
    ['its hash not a string', (e: AuditEntry) => ({ ...e, hash: 42 }) as unknown as AuditEntry, false],
    ['its hash missing', (e: AuditEntry) => ({ ...e, hash: undefined }) as unknown as AuditEntry, false],
  ])('matches() is %s → %s', (_, change, expected) => {
    for (const entry of entries) expect(hasher.matches(change(entry))).toBe(expected);
  });
});

describe('digestEqualsHex', () => {
  const digest = Uint8Array.of(0, 1, 15, 16, 171, 255);
  it.each([
    ['00010f10abff', true],
    ['00010f10abfe', false],
    ['00010F10ABFF', false],
    ['00010f10ab', false],
    ['00010f10abff00', false],
    ['g00010f10abf', false],
    ['', false],
    [null, false],
    [undefined, false],
    [123, false],
  ])('compares %j → %s', (hex, expected) => {
    expect(digestEqualsHex(digest, hex)).toBe(expected);
  });
});
