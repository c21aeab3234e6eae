import { describe, expect, it } from 'vitest';
import { chainAuditEntries, chainAuditEntry, genesisHash, hashAuditEntry, verifyAuditChain, type AuditEvent } from '../../../../shared/domain/auditChain';
import { canonicalJson } from '../../../../shared/domain/canonicalJson';

const event = (n: number): AuditEvent => ({
  at: `2026-04-01T00:00:0${n}.000Z`,
  actor: '山田 花子',
  action: 'asset.update',
  target: `a${n}`,
  outcome: 'success',
  detail: { changes: [{ field: 'name', from: `旧${n}`, to: `新${n}` }] },
});
const chain = chainAuditEntries(undefined, [event(1), event(2), event(3), event(4)]);

describe('chainAuditEntry', () => {
  it('returns the first entry with seq 1 chained to the genesis hash', () => {
    const first = chainAuditEntry(undefined, event(1));
    expect(first.seq).toBe(1);
    expect(first.prevHash).toBe(genesisHash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('returns entries that each carry the hash of the one before', () => {
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    for (let i = 1; i < chain.length; i++) expect(chain[i]!.prevHash).toBe(chain[i - 1]!.hash);
  });
});

describe('hashAuditEntry', () => {
  it('returns the known SHA-256 of the canonical form', () => {
    // Independent check: the hash of the canonical JSON computed by Node's own crypto.
    const { hash, ...rest } = chain[0]!;
    return import('node:crypto').then(({ createHash }) => {
      const { seq, prevHash, at, actor, action, target, outcome, detail } = rest;
      const expected = createHash('sha256').update(canonicalJson({ seq, prevHash, at, actor, action, target, outcome, detail })).digest('hex');
      expect(hash).toBe(expected);
      expect(hashAuditEntry(rest)).toBe(expected);
    });
  });
});

describe('verifyAuditChain', () => {
  it('returns ok with the count for an intact chain', () => {
    expect(verifyAuditChain(chain)).toEqual({ ok: true, count: 4, lastHash: chain[3]!.hash });
  });

  it('returns ok for an empty log', () => {
    expect(verifyAuditChain([])).toMatchObject({ ok: true, count: 0 });
  });

  it.each([
    ['the actor is edited', (c: typeof chain) => { c[1] = { ...c[1]!, actor: '別人' }; }, 2, 'hash-mismatch'],
    ['a detail deep inside is edited', (c: typeof chain) => { c[2] = { ...c[2]!, detail: { changes: [{ field: 'name', from: '旧3', to: '改ざん' }] } }; }, 3, 'hash-mismatch'],
    ['an entry is removed', (c: typeof chain) => { c.splice(1, 1); }, 2, 'sequence-gap'],
    ['two entries are swapped', (c: typeof chain) => { [c[1], c[2]] = [c[2]!, c[1]!]; }, 2, 'sequence-gap'],
    ['an entry is re-hashed after editing', (c: typeof chain) => {
      const { hash: _old, ...rest } = { ...c[1]!, action: 'asset.create' };
      c[1] = { ...rest, hash: hashAuditEntry(rest) };
    }, 3, 'prev-hash-mismatch'],
    ['the first entry is dropped', (c: typeof chain) => { c.shift(); }, 1, 'sequence-gap'],
    // Values with no canonical form (never written by the app; a record changed by hand): changed, not a crash.
    ['a detail holds NaN', (c: typeof chain) => { c[1] = { ...c[1]!, detail: { n: NaN } }; }, 2, 'hash-mismatch'],
    ['a detail holds Infinity deep inside', (c: typeof chain) => { c[2] = { ...c[2]!, detail: { changes: [{ to: Infinity }] } }; }, 3, 'hash-mismatch'],
    ['a detail holds a BigInt', (c: typeof chain) => { c[1] = { ...c[1]!, detail: { n: 1n } }; }, 2, 'hash-mismatch'],
    ['a detail holds NaN and the stored hash is null', (c: typeof chain) => { c[1] = { ...c[1]!, detail: { n: NaN }, hash: null as unknown as string }; }, 2, 'hash-mismatch'],
  ] as const)('returns the first broken entry when %s', (_name, tamper, brokenSeq, reason) => {
    const copy = [...chain];
    tamper(copy);
    expect(verifyAuditChain(copy)).toEqual({ ok: false, brokenSeq, reason });
  });

  it('returns ok for the newer part of a chain when anchored on the last archived entry', () => {
    expect(verifyAuditChain(chain.slice(2), chain[1]!)).toMatchObject({ ok: true, count: 2 });
    expect(verifyAuditChain(chain.slice(2))).toMatchObject({ ok: false, brokenSeq: 1 });
  });
});
