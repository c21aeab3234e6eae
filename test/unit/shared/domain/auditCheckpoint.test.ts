import { describe, expect, it } from 'vitest';
import { auditCheckpoint, auditCheckpointSchema, CHECKPOINT_MAX_AGE_DAYS, decideCheckpoint, fullBecauseMessages, type CheckpointSituation } from '../../../../shared/domain/auditCheckpoint';

const h = (c: string) => c.repeat(64);
const checkpoint = auditCheckpoint({ seq: 100, hash: h('a') }, { size: 100, nodes: [h('1'), h('2'), h('3')] }, { size: 90, rootHash: h('e') }, '2026-11-01T00:00:00.000Z', 'kanri');
const situation: CheckpointSituation = { now: new Date('2026-11-10T00:00:00.000Z'), anchorSeq: 0, entryAtCheckpoint: { hash: h('a') }, lastExport: { size: 90, rootHash: h('e') } };
const day = 86_400_000;

describe('decideCheckpoint', () => {
  it('uses a checkpoint whose entry still carries its hash, within its age, with the export it checked', () => {
    expect(decideCheckpoint(checkpoint, situation)).toEqual({ use: true, checkpoint });
  });

  it('uses it when a later export was made (its head is recomputed from the right edge)', () => {
    expect(decideCheckpoint(checkpoint, { ...situation, lastExport: { size: 150, rootHash: h('f') } }).use).toBe(true);
  });

  it('uses it when there is no export at all', () => {
    expect(decideCheckpoint({ ...checkpoint, lastExport: null }, { ...situation, lastExport: null }).use).toBe(true);
  });

  it.each<[string, CheckpointSituation, string]>([
    ['no checkpoint', situation, 'none'],
    ['entries archived up to the checkpoint', { ...situation, anchorSeq: 100 }, 'archived'],
    ['entries archived past the checkpoint', { ...situation, anchorSeq: 150, entryAtCheckpoint: null }, 'archived'],
    ['its entry carries another hash', { ...situation, entryAtCheckpoint: { hash: h('b') } }, 'rewritten'],
    ['its entry is gone', { ...situation, entryAtCheckpoint: null }, 'rewritten'],
    ['a rewritten entry even when the checkpoint is old', { ...situation, now: new Date(Date.parse(checkpoint.verifiedAt) + 90 * day), entryAtCheckpoint: { hash: h('b') } }, 'rewritten'],
    [`older than ${CHECKPOINT_MAX_AGE_DAYS} days`, { ...situation, now: new Date(Date.parse(checkpoint.verifiedAt) + (CHECKPOINT_MAX_AGE_DAYS * day) + 1) }, 'expired'],
    ['dated in the future (clock set back)', { ...situation, now: new Date(Date.parse(checkpoint.verifiedAt) - 1) }, 'expired'],
    ['an export before the checkpoint other than the one checked', { ...situation, lastExport: { size: 80, rootHash: h('d') } }, 'export-changed'],
    ['the checked export with another root', { ...situation, lastExport: { size: 90, rootHash: h('d') } }, 'export-changed'],
    ['an export before it where the full verification saw none', { ...situation, lastExport: { size: 90, rootHash: h('e') } }, 'export-changed'],
  ])('runs in full when %s', (name, given, because) => {
    const cp = name === 'no checkpoint' ? null : name.startsWith('an export before it where') ? { ...checkpoint, lastExport: null } : checkpoint;
    expect(decideCheckpoint(cp, given)).toMatchObject({ use: false, because });
  });

  it('is usable exactly up to its age limit', () => {
    const at = Date.parse(checkpoint.verifiedAt) + CHECKPOINT_MAX_AGE_DAYS * day;
    expect(decideCheckpoint(checkpoint, { ...situation, now: new Date(at) }).use).toBe(true);
  });

  it('explains in Japanese each reason a full check ran instead, except those reported otherwise', () => {
    for (const because of ['expired', 'archived', 'export-changed'] as const) expect(fullBecauseMessages[because]).toMatch(/すべての記録を検証しました。$/);
    expect(fullBecauseMessages.requested).toBeUndefined();
    expect(fullBecauseMessages.rewritten).toBeUndefined();
  });
});

describe('auditCheckpointSchema', () => {
  it('reads back what auditCheckpoint builds', () => {
    expect(auditCheckpointSchema.parse(JSON.parse(JSON.stringify(checkpoint)))).toEqual(checkpoint);
  });

  it.each([
    ['another format', { ...checkpoint, format: 'daicho-audit-checkpoint/2' }],
    ['a short hash', { ...checkpoint, hash: 'abc' }],
    ['an upper-case hash', { ...checkpoint, hash: h('A') }],
    ['sequence zero', { ...checkpoint, seq: 0 }],
    ['a fractional sequence', { ...checkpoint, seq: 1.5 }],
    ['a date that is not a date', { ...checkpoint, verifiedAt: 'yesterday' }],
    ['a frontier node that is not hex', { ...checkpoint, frontier: { size: 100, nodes: ['zz'] } }],
    ['no frontier', { ...checkpoint, frontier: undefined }],
    ['a prototype-polluting key only', { ['__proto__']: { seq: 1 } }],
    ['null', null],
  ])('refuses %s', (_, value) => {
    expect(auditCheckpointSchema.safeParse(value).success).toBe(false);
  });
});
