import { describe, expect, it } from 'vitest';
import { chainAuditEntries, type AuditEvent } from '../../../../shared/domain/auditChain';
import { genesisAnchor } from '../../../../shared/domain/auditArchive';
import { divergence, segmentHead, verifyAuditSegment } from '../../../../shared/domain/auditSegment';

const event = (n: number, actor = '山田'): AuditEvent => ({ at: `2026-04-0${(n % 9) + 1}T00:00:00.000Z`, actor, action: 'asset.update', target: `a${n}`, outcome: 'success', detail: { n } });
const base = chainAuditEntries(undefined, [1, 2, 3, 4].map((n) => event(n)));
const hashesOf = (entries: { seq: number; hash: string }[]) => {
  const map = new Map(entries.map((e) => [e.seq, e.hash]));
  return (seq: number) => map.get(seq);
};

describe('divergence', () => {
  it('returns nothing to set aside when the backup is a prefix of the current chain', () => {
    const current = [...base, ...chainAuditEntries(base[3], [event(5)])];
    expect(divergence(base.slice(0, 3), genesisAnchor, hashesOf(current))).toEqual({ sharedSeq: 3, anchor: { seq: 3, hash: base[2]!.hash }, setAside: [] });
  });

  it('returns the backup’s entries after the fork point', () => {
    const current = [...base.slice(0, 2), ...chainAuditEntries(base[1], [event(30, '現在')])];
    const split = divergence(base, genesisAnchor, hashesOf(current));
    expect(split.sharedSeq).toBe(2);
    expect(split.setAside.map((e) => e.seq)).toEqual([3, 4]);
    expect(verifyAuditSegment({ anchor: split.anchor, entries: split.setAside })).toMatchObject({ ok: true, count: 2 });
  });

  it('returns every entry when the chains share nothing (another terminal’s backup)', () => {
    const current = chainAuditEntries(undefined, [event(1, '別の端末')]);
    const split = divergence(base, genesisAnchor, hashesOf(current));
    expect(split).toMatchObject({ sharedSeq: 0, anchor: genesisAnchor });
    expect(split.setAside).toHaveLength(4);
  });

  it('takes an archived current chain into account through its anchor hash', () => {
    // The current terminal archived entries 1..4; only its anchor (seq 4) remains to compare with.
    const split = divergence(base, genesisAnchor, (seq) => (seq === 4 ? base[3]!.hash : undefined));
    expect(split).toMatchObject({ sharedSeq: 4, setAside: [] });
  });

  it('uses the backup’s own archive anchor when its first entries were archived', () => {
    const tail = base.slice(2);
    const split = divergence(tail, { seq: 2, hash: base[1]!.hash }, () => undefined);
    expect(split).toMatchObject({ sharedSeq: 0, anchor: { seq: 2, hash: base[1]!.hash } });
    expect(verifyAuditSegment({ anchor: split.anchor, entries: split.setAside }).ok).toBe(true);
  });
});

describe('verifyAuditSegment / segmentHead', () => {
  it.each([
    ['an edited entry', (entries: typeof base) => (entries[1]!.actor = '改ざん'), 'hash-mismatch'],
    ['a removed middle entry', (entries: typeof base) => entries.splice(1, 1), 'sequence-gap'],
    ['a swapped anchor', (_entries: typeof base, anchor: { seq: number; hash: string }) => (anchor.hash = 'f'.repeat(64)), 'prev-hash-mismatch'],
  ])('returns a break for %s', (_name, tamper, reason) => {
    const entries = structuredClone(base);
    const anchor = { ...genesisAnchor };
    tamper(entries, anchor);
    expect(verifyAuditSegment({ anchor, entries })).toMatchObject({ ok: false, reason });
  });

  it('returns the last entry as head, null when empty', () => {
    expect(segmentHead({ entries: base })).toEqual({ seq: 4, hash: base[3]!.hash });
    expect(segmentHead({ entries: [] })).toBeNull();
  });
});
