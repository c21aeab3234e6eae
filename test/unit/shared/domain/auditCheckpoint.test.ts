import { describe, expect, it } from 'vitest';
import { auditCheckpoint, auditCheckpointSchema, CHECKPOINT_MAX_AGE_DAYS, checkpointNamed, decideCheckpoint, fullBecauseMessages, type CheckpointSituation } from '../../../../shared/domain/auditCheckpoint';

const h = (c: string) => c.repeat(64);
// 100 leaves = 64 + 32 + 4: three subtrees on the right edge.
const checkpoint = auditCheckpoint({ seq: 100, hash: h('a') }, { seq: 0, hash: h('0') }, { size: 100, nodes: [h('1'), h('2'), h('3')] }, { size: 90, rootHash: h('e') }, 101, '2026-11-01T00:00:00.000Z', 'kanri');
const situation: CheckpointSituation = {
  now: new Date('2026-11-10T00:00:00.000Z'),
  anchor: { seq: 0, hash: h('0') },
  entryAtCheckpoint: { hash: h('a'), intact: true },
  record: { action: 'audit.verify', named: checkpointNamed(checkpoint, checkpoint.frontier) },
  contiguous: true,
  lastExport: { size: 90, rootHash: h('e') },
};
const day = 86_400_000;
const at = (ms: number) => new Date(Date.parse(checkpoint.verifiedAt) + ms);

describe('decideCheckpoint', () => {
  it('uses a checkpoint whose entry still carries and hashes to its hash, named by its record, within its age, with the export it checked', () => {
    expect(decideCheckpoint(checkpoint, situation)).toEqual({ use: true, checkpoint });
  });

  it('uses it when a later export was made (its head is recomputed from the right edge)', () => {
    expect(decideCheckpoint(checkpoint, { ...situation, lastExport: { size: 150, rootHash: h('f') } }).use).toBe(true);
  });

  it('uses it when there is no export at all', () => {
    expect(decideCheckpoint({ ...checkpoint, lastExport: null }, { ...situation, lastExport: null }).use).toBe(true);
  });

  it('is usable exactly up to its age limit', () => {
    expect(decideCheckpoint(checkpoint, { ...situation, now: at(CHECKPOINT_MAX_AGE_DAYS * day) }).use).toBe(true);
  });

  it.each<[string, CheckpointSituation, string]>([
    ['entries archived since (the anchor moved)', { ...situation, anchor: { seq: 50, hash: h('5') } }, 'archived'],
    ['the anchor rewritten in place', { ...situation, anchor: { seq: 0, hash: h('9') } }, 'archived'],
    ['its entry carries another hash', { ...situation, entryAtCheckpoint: { hash: h('b'), intact: true } }, 'rewritten'],
    ['its entry\'s content no longer hashes to its hash', { ...situation, entryAtCheckpoint: { hash: h('a'), intact: false } }, 'rewritten'],
    ['its entry is gone', { ...situation, entryAtCheckpoint: null }, 'rewritten'],
    ['a rewritten entry even when a full check was asked for', { ...situation, now: null, entryAtCheckpoint: { hash: h('b'), intact: true } }, 'rewritten'],
    ['a rewritten entry even when the checkpoint is old', { ...situation, now: at(90 * day), entryAtCheckpoint: { hash: h('b'), intact: true } }, 'rewritten'],
    ['its record is gone', { ...situation, record: null }, 'unvouched'],
    ['its record is another action', { ...situation, record: { action: 'audit.export', named: checkpointNamed(checkpoint, checkpoint.frontier) } }, 'unvouched'],
    ['its record names another entry', { ...situation, record: { action: 'audit.verify', named: { ...checkpointNamed(checkpoint, checkpoint.frontier), hash: h('c') } } }, 'unvouched'],
    ['its record names another right edge (the frontier was altered)', { ...situation, record: { action: 'audit.verify', named: checkpointNamed(checkpoint, { size: 100, nodes: [h('1'), h('2'), h('4')] }) } }, 'unvouched'],
    ['its record names none', { ...situation, record: { action: 'audit.verify', named: undefined } }, 'unvouched'],
    ['numbers are missing', { ...situation, contiguous: false }, 'gap'],
    ['a full check was asked for', { ...situation, now: null }, 'requested'],
    [`older than ${CHECKPOINT_MAX_AGE_DAYS} days`, { ...situation, now: at(CHECKPOINT_MAX_AGE_DAYS * day + 1) }, 'expired'],
    ['dated in the future (clock set back)', { ...situation, now: at(-1) }, 'expired'],
    ['an export before the checkpoint other than the one checked', { ...situation, lastExport: { size: 80, rootHash: h('d') } }, 'export-changed'],
    ['the checked export with another root', { ...situation, lastExport: { size: 90, rootHash: h('d') } }, 'export-changed'],
  ])('runs in full when %s', (_, given, because) => {
    expect(decideCheckpoint(checkpoint, given)).toMatchObject({ use: false, because, checkpoint });
  });

  it('runs in full when there is no checkpoint, or the full verification saw no export but one before it is recorded now', () => {
    expect(decideCheckpoint(null, situation)).toEqual({ use: false, because: 'none', checkpoint: null });
    expect(decideCheckpoint({ ...checkpoint, lastExport: null }, situation)).toMatchObject({ use: false, because: 'export-changed' });
  });

  it('explains in Japanese each reason a full check ran instead, except those reported as findings or asked for', () => {
    for (const because of ['expired', 'archived', 'unvouched', 'export-changed'] as const) expect(fullBecauseMessages[because]).toMatch(/すべての記録を検証しました。/);
    for (const because of ['none', 'requested', 'rewritten', 'gap'] as const) expect(fullBecauseMessages[because]).toBeUndefined();
  });
});

describe('auditCheckpointSchema', () => {
  it('reads back what auditCheckpoint builds', () => {
    expect(auditCheckpointSchema.parse(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
  });

  it.each([
    ['another format', { ...checkpoint, format: 'daicho-audit-checkpoint/1' }],
    ['a short hash', { ...checkpoint, hash: 'abc' }],
    ['an upper-case hash', { ...checkpoint, hash: h('A') }],
    ['sequence zero', { ...checkpoint, seq: 0 }],
    ['a fractional sequence', { ...checkpoint, seq: 1.5 }],
    ['a date that is not a date', { ...checkpoint, verifiedAt: 'yesterday' }],
    ['a frontier node that is not hex', { ...checkpoint, frontier: { size: 100, nodes: ['zz', h('2'), h('3')] } }],
    ['a frontier of another size', { ...checkpoint, frontier: { size: 99, nodes: [h('1'), h('2'), h('3')] } }],
    ['a frontier with a node too few', { ...checkpoint, frontier: { size: 100, nodes: [h('1'), h('2')] } }],
    ['an anchor after the checkpoint', { ...checkpoint, anchor: { seq: 100, hash: h('0') } }],
    ['a record before the checkpoint', { ...checkpoint, recordSeq: 100 }],
    ['an export checked after it', { ...checkpoint, lastExport: { size: 101, rootHash: h('e') } }],
    ['no frontier', { ...checkpoint, frontier: undefined }],
    ['a prototype-polluting key only', { ['__proto__']: { seq: 1 } }],
    ['null', null],
  ])('refuses %s', (_, value) => {
    expect(auditCheckpointSchema.safeParse(value).success).toBe(false);
  });
});
