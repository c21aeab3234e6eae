/**
 * Verifying the audit log from the last full verification's checkpoint (shared/domain/auditCheckpoint.ts):
 * what it checks, what it leaves to the next full verification, and that it never moves itself.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { auditAnchorForNextExport, auditLeafHashes, checkpointInUse, finishAuditVerification, getAuditCheckpoint, planAuditVerification, recordAuditVerification, recordExportAnchor, treeCuts, verifyAuditFully, verifyAuditInRanges, verifyAuditRange, type AuditVerifyMode } from '../../../../renderer/data/auditRepository';
import { chainAuditEntries, chainAuditEntry, hashAuditEntry, type AuditEntry } from '../../../../shared/domain/auditChain';
import { buildAuditTree, frontierRoot, treeFrontier } from '../../../../shared/domain/auditLog';
import type { DaichoDb } from '../../../../renderer/data/db';
import { freshDb } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const event = (i: number) => ({ at: new Date(Date.UTC(2026, 10, 5) + i * 60_000).toISOString(), actor: '山田', action: 'asset.update' as const, target: `id-${i % 3}`, outcome: 'success' as const, detail: { i } });
const now = new Date('2026-11-20T00:00:00.000Z');
const since: AuditVerifyMode = { kind: 'since-checkpoint', now };

async function append(n: number, from = 0) {
  let last = await db.audit.orderBy('seq').last();
  for (let i = 0; i < n; i++) await db.audit.add((last = chainAuditEntry(last, event(from + i))));
}
async function exportNow() {
  const made = await auditAnchorForNextExport(db);
  if (!made.ok) throw new Error(made.reason);
  await db.transaction('rw', db.settings, () => recordExportAnchor(db, made.anchor, { at: '2026-11-19T00:00:00.000Z', fileName: '台帳.xlsx' }));
}
/** A log of `n` entries verified in full and recorded (the recording itself adds one entry). */
async function checkpointed(n: number) {
  db = await freshDb();
  await db.audit.bulkAdd(chainAuditEntries(undefined, Array.from({ length: n }, (_, i) => event(i))));
  const full = await verifyAuditFully(db);
  expect(await recordAuditVerification(db, full, '2026-11-15T00:00:00.000Z', 1)).toEqual({ ok: true, value: undefined });
  return (await getAuditCheckpoint(db))!;
}
/** Rewrites entries from `seq` to the end with every hash and link recomputed: a chain that verifies on its own. */
async function rechain(seq: number) {
  const entries = await db.audit.where('seq').aboveOrEqual(seq).toArray();
  let before = await db.audit.get(seq - 1);
  const rewritten: AuditEntry[] = [];
  for (const entry of entries) {
    const body = { ...entry, actor: entry.seq === seq ? '改ざん者' : entry.actor, prevHash: before!.hash };
    before = { ...body, hash: hashAuditEntry(body) };
    rewritten.push(before);
  }
  await db.audit.bulkPut(rewritten);
}

/**
 * The checkpoint's right edge with one node changed; with `vouched`, also the entry recording it made
 * to name the changed edge and every entry after it re-chained (a forger who rewrites the log since).
 */
async function forgeFrontier(vouched: boolean) {
  const checkpoint = (await getAuditCheckpoint(db))!;
  const node = checkpoint.frontier.nodes[0]!;
  const frontier = { ...checkpoint.frontier, nodes: [`${node[0] === '0' ? '1' : '0'}${node.slice(1)}`, ...checkpoint.frontier.nodes.slice(1)] };
  await db.settings.put({ key: 'auditCheckpoint', value: { ...checkpoint, frontier } });
  if (!vouched) return;
  const record = (await db.audit.get(checkpoint.recordSeq))!;
  const detail = record.detail as { checkpoint: object };
  const body = { ...record, detail: { ...detail, checkpoint: { ...detail.checkpoint, root: frontierRoot(frontier) } } };
  await db.audit.put({ ...body, hash: hashAuditEntry(body) });
  await rechain(checkpoint.recordSeq + 1);
}

describe('the checkpoint a full verification records', () => {
  it('is not recorded for a log smaller than CHECKPOINT_MIN_ENTRIES: every check there stays full', async () => {
    db = await freshDb();
    await append(30);
    expect(await recordAuditVerification(db, await verifyAuditFully(db), '2026-11-15T00:00:00.000Z')).toMatchObject({ ok: true });
    expect(await getAuditCheckpoint(db)).toBeNull();
    expect(await recordAuditVerification(db, await verifyAuditFully(db), '2026-11-15T00:00:00.000Z', 31)).toMatchObject({ ok: true });
    expect(await getAuditCheckpoint(db)).toMatchObject({ seq: 31 });
  });

  it('names the newest entry verified, its hash and the tree\'s right edge over every leaf', async () => {
    const checkpoint = await checkpointed(40);
    const leaves = await auditLeafHashes(db);
    if (!leaves.ok) throw new Error('leaves');
    const verified = leaves.hashes.slice(0, 40);
    expect(checkpoint).toMatchObject({ seq: 40, hash: verified[39], anchor: { seq: 0 }, recordSeq: 41, verifiedAt: '2026-11-15T00:00:00.000Z', lastExport: null });
    // The entry recording the verification names the checkpoint: its entry and its right edge's head.
    expect((await db.audit.get(41))!.detail).toMatchObject({ checkpoint: { seq: 40, hash: verified[39], root: frontierRoot(checkpoint.frontier) } });
    expect(checkpoint.verifiedBy).not.toBe('');
    expect(checkpoint.frontier).toEqual(treeFrontier(buildAuditTree(verified)));
  });

  it('is not recorded after a verification that found something, nor moved by a check from it', async () => {
    const checkpoint = await checkpointed(20);
    await append(5, 100);
    const fromCheckpoint = await verifyAuditInRanges(db, 2, undefined, undefined, since);
    expect(fromCheckpoint.scope.kind).toBe('since');
    await recordAuditVerification(db, fromCheckpoint, '2026-11-20T00:00:00.000Z', 1);
    expect(await getAuditCheckpoint(db)).toEqual(checkpoint);
    await db.audit.update(23, { actor: '改ざん者' });
    const broken = await verifyAuditFully(db);
    expect(broken.chain.ok).toBe(false);
    await recordAuditVerification(db, broken, '2026-11-20T00:00:00.000Z', 1);
    expect(await getAuditCheckpoint(db)).toEqual(checkpoint);
    expect((await db.audit.orderBy('seq').last())).toMatchObject({ action: 'audit.verify', outcome: 'failure' });
  });
});

describe('a check from the checkpoint', () => {
  it('reads only the entries since, and says so', async () => {
    const checkpoint = await checkpointed(50);
    await append(7, 100);
    const plan = await planAuditVerification(db, 3, since);
    expect(plan).toMatchObject({ anchor: { seq: checkpoint.seq, hash: checkpoint.hash }, total: 8, contiguous: true, checkTree: false, scope: { kind: 'since', checkpoint } });
    expect(plan.ranges[0]!.from).toBe(checkpoint.seq + 1);
    const result = await verifyAuditInRanges(db, 3, undefined, undefined, since);
    expect(result).toMatchObject({ chain: { ok: true, count: 8 }, lastExport: { ok: true }, scope: { kind: 'since' }, frontier: null });
  });

  // Whatever happens after the checkpoint (or to the numbers, or the anchor), the check from it gives
  // the full verification's answer, from the checkpoint or by running in full (the last column).
  const after: [string, () => Promise<void>, string][] = [
    ['an intact log with an export made since', async () => { await append(30, 100); await exportNow(); await append(3, 200); }, 'since'],
    ['an intact log with no export', () => append(30, 100), 'since'],
    ['an entry since edited', async () => { await append(30, 100); await db.audit.update(60, { actor: '改ざん者' }); }, 'since'],
    ['the first entry since edited (the one recording the checkpoint)', async () => { await append(30, 100); await db.audit.update(41, { actor: '改ざん者' }); }, 'since'],
    ['the newest entries deleted after an export', async () => { await append(30, 100); await exportNow(); await db.audit.bulkDelete([71, 72]); }, 'since'],
    ['entries since re-chained after an export', async () => { await append(30, 100); await exportNow(); await rechain(50); }, 'since'],
    ['entries since re-chained, then exported', async () => { await append(30, 100); await rechain(50); await exportNow(); }, 'since'],
    ['an entry since deleted', async () => { await append(30, 100); await db.audit.delete(55); }, 'gap'],
    ['an entry before the checkpoint deleted', async () => { await append(30, 100); await db.audit.delete(10); }, 'gap'],
    ['the oldest entries deleted and the archive anchor moved over them', async () => {
      await append(5, 100);
      await db.audit.bulkDelete([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      await db.settings.put({ key: 'auditAnchor', value: { seq: 10, hash: 'f'.repeat(64) } });
    }, 'archived'],
    // Issue 15 review: the since-check folds the ranges' subtrees onto the checkpoint's right edge.
    ['every entry since the checkpoint\'s record deleted after an export', async () => { await append(30, 100); await exportNow(); await db.audit.bulkDelete(Array.from({ length: 30 }, (_, i) => 42 + i)); }, 'since'],
    ['the entries from the export\'s size on deleted, after more were added', async () => { await append(30, 100); await exportNow(); await append(5, 200); await db.audit.bulkDelete([71, 72, 73, 74, 75, 76]); }, 'since'],
    ['the entries after the export deleted (nothing can tell: never exported)', async () => { await append(31, 100); await exportNow(); await append(5, 200); await db.audit.bulkDelete([73, 74, 75, 76, 77]); }, 'since'],
    ['the export\'s last entry re-chained, after more were added', async () => { await append(31, 100); await exportNow(); await append(4, 200); await rechain(72); }, 'since'],
    ['an entry right after the checkpoint\'s record re-chained, with an export at an odd size', async () => { await append(33, 100); await exportNow(); await rechain(42); }, 'since'],
    ['a string key after the newest entry', async () => {
      await append(5, 100);
      const newest = (await db.audit.orderBy('seq').last())!;
      await db.audit.put({ ...newest, seq: '47' as unknown as number });
    }, 'gap'],
    ['the checkpoint\'s right edge altered', async () => { await append(30, 100); await exportNow(); await forgeFrontier(false); }, 'unvouched'],
    ['the checkpoint\'s right edge and the record naming it forged, re-chained from there, after an export', async () => { await append(30, 100); await exportNow(); await forgeFrontier(true); }, 'since'],
    ['the record vouching for the checkpoint re-hashed to name another', async () => {
      await append(5, 100);
      const record = (await db.audit.get(41))!;
      await db.audit.put({ ...record, detail: { ...(record.detail as object), checkpoint: { seq: 40, hash: 'f'.repeat(64), root: 'f'.repeat(64) } } });
    }, 'unvouched'],
  ];
  it.each(after)('answers as the full verification does: %s', async (_, change, kind) => {
    await checkpointed(40);
    await change();
    const full = await verifyAuditFully(db);
    for (const parts of [1, 2, 3, 4]) {
      const fromCheckpoint = await verifyAuditInRanges(db, parts, undefined, 3, since);
      expect(fromCheckpoint.scope.kind === 'since' ? 'since' : fromCheckpoint.scope.because).toBe(kind);
      expect({ parts, chain: fromCheckpoint.chain.ok, lastExport: fromCheckpoint.lastExport }).toEqual({ parts, chain: full.chain.ok, lastExport: full.lastExport });
      if (!full.chain.ok) expect(fromCheckpoint.chain).toEqual(full.chain);
    }
  });

  it.each([
    ['every entry since the checkpoint\'s record deleted after an export', 'went-backwards'],
    ['the entries from the export\'s size on deleted, after more were added', 'went-backwards'],
    ['the export\'s last entry re-chained, after more were added', 'forked'],
    ['an entry right after the checkpoint\'s record re-chained, with an export at an odd size', 'forked'],
    ['the checkpoint\'s right edge and the record naming it forged, re-chained from there, after an export', 'forked'],
  ])('finds what the full verification finds, from the checkpoint: %s', async (name, reason) => {
    await checkpointed(40);
    await after.find(([n]) => n === name)![1]();
    expect((await verifyAuditInRanges(db, 3, undefined, 3, since)).lastExport).toMatchObject({ ok: false, reason });
  });

  it('checks an export made before the checkpoint as the full verification saw it', async () => {
    db = await freshDb();
    await append(30);
    await exportNow();
    await append(10, 100);
    await recordAuditVerification(db, await verifyAuditFully(db), '2026-11-15T00:00:00.000Z', 1);
    expect((await getAuditCheckpoint(db))!.lastExport).toMatchObject({ size: 30 });
    await append(4, 200);
    expect(await verifyAuditInRanges(db, 2, undefined, undefined, since)).toMatchObject({ chain: { ok: true, count: 5 }, lastExport: { ok: true, last: { size: 30 } }, scope: { kind: 'since' } });
  });

  it('leaves a change to an older entry that spares the checkpoint\'s entry to the full verification (as the screen says)', async () => {
    await checkpointed(40);
    await db.audit.update(10, { actor: '改ざん者' });
    expect((await verifyAuditInRanges(db, 2, undefined, undefined, since)).chain.ok).toBe(true);
    expect(await verifyAuditInRanges(db, 2)).toMatchObject({ chain: { ok: false, brokenSeq: 10, reason: 'hash-mismatch' }, scope: { kind: 'full' } });
  });
});

describe('checkpointInUse (what the screen says before the check, planned without counting the entries)', () => {
  it.each<[string, () => Promise<void>, boolean, string]>([
    ['an intact log', () => append(5, 100), true, 'since'],
    // Without the count a missing number in the middle is not seen: the screen says the check starts from
    // the checkpoint, and the check itself (planned with the count) runs in full and reports the gap.
    ['an entry since deleted', async () => { await append(5, 100); await db.audit.delete(43); }, true, 'gap'],
    ['the newest entry under a string key', async () => { await append(5, 100); const newest = (await db.audit.orderBy('seq').last())!; await db.audit.put({ ...newest, seq: '47' as unknown as number }); }, false, 'gap'],
    ['the checkpoint\'s entry edited', async () => { await append(5, 100); await db.audit.update(40, { actor: '改ざん者' }); }, false, 'rewritten'],
    ['the checkpoint\'s right edge altered', () => forgeFrontier(false), false, 'unvouched'],
  ])('%s', async (_, change, shown, kind) => {
    const checkpoint = await checkpointed(40);
    await change();
    expect(await checkpointInUse(db, now)).toEqual(shown ? checkpoint : null);
    const result = await verifyAuditInRanges(db, 2, undefined, undefined, since);
    expect(result.scope.kind === 'since' ? 'since' : result.scope.because).toBe(kind);
    if (kind === 'gap') expect(result.chain).toMatchObject({ ok: false, reason: 'sequence-gap' });
  });
});

describe('a forged checkpoint record', () => {
  it('is not used: its record does not name it, so the check runs in full and finds the rewrite', async () => {
    db = await freshDb();
    await append(30);
    await exportNow();
    await append(20, 100);
    await recordAuditVerification(db, await verifyAuditFully(db), '2026-11-15T00:00:00.000Z', 1);
    const genuine = (await getAuditCheckpoint(db))!;
    await append(5, 200);
    await rechain(10);
    // A record written outside the app: the newest entry, and the export the genuine one checked.
    const newest = (await db.audit.orderBy('seq').last())!;
    const leaves = await auditLeafHashes(db);
    if (!leaves.ok) throw new Error('leaves');
    const forged = { ...genuine, seq: newest.seq, hash: newest.hash, recordSeq: newest.seq + 1, frontier: treeFrontier(buildAuditTree(leaves.hashes)) };
    await db.settings.put({ key: 'auditCheckpoint', value: forged });
    expect(await getAuditCheckpoint(db)).toEqual(forged);
    const result = await verifyAuditInRanges(db, 2, undefined, undefined, since);
    expect(result.scope).toMatchObject({ kind: 'full', because: 'unvouched' });
    expect(result.lastExport).toMatchObject({ ok: false, reason: 'forked' });
  });
});

describe('an export made while the log is read', () => {
  it.each([
    ['a full verification with no export before it', { kind: 'full' } as const, false],
    ['a check from the checkpoint', since, true],
  ])('is not taken for a rewrite: %s', async (_, mode, withCheckpoint) => {
    if (withCheckpoint) await checkpointed(40);
    else {
      db = await freshDb();
      await append(40);
    }
    await append(5, 100);
    const plan = await planAuditVerification(db, 2, mode);
    await append(3, 200);
    await exportNow();
    const results = [];
    for (const range of plan.ranges) results.push(await verifyAuditRange(db, range, treeCuts(plan)));
    expect(await finishAuditVerification(db, plan, results, () => {})).toMatchObject({ chain: { ok: true }, lastExport: { ok: true, last: null } });
  });
});

describe('a checkpoint whose entry changed', () => {
  it('is a finding even when the rewritten chain verifies on its own, from either button', async () => {
    const checkpoint = await checkpointed(40);
    await append(5, 100);
    await rechain(25);
    // The re-chained log verifies by itself: only the checkpoint remembers the hash entry 40 had.
    expect((await verifyAuditFully(db)).chain.ok).toBe(true);
    for (const mode of [since, { kind: 'full' } as const]) {
      const result = await verifyAuditInRanges(db, 2, undefined, undefined, mode);
      expect(result).toMatchObject({ chain: { ok: false, brokenSeq: checkpoint.seq, reason: 'hash-mismatch' }, scope: { kind: 'full', because: 'rewritten', checkpoint }, frontier: null });
      await recordAuditVerification(db, result, '2026-11-20T00:00:00.000Z', 1);
      expect(await getAuditCheckpoint(db)).toEqual(checkpoint);
    }
  });

  it('reports an earlier break first', async () => {
    await checkpointed(40);
    await db.audit.update(12, { actor: '改ざん者' });
    await rechain(30);
    expect((await verifyAuditInRanges(db, 2, undefined, undefined, since)).chain).toEqual({ ok: false, brokenSeq: 12, reason: 'hash-mismatch' });
  });

  it('is a finding when the entry was deleted', async () => {
    const checkpoint = await checkpointed(40);
    await db.audit.delete(checkpoint.seq);
    expect((await verifyAuditInRanges(db, 2, undefined, undefined, since)).chain).toEqual({ ok: false, brokenSeq: checkpoint.seq, reason: 'sequence-gap' });
  });
});

describe('when the check runs in full instead', () => {
  it.each([
    ['the checkpoint is too old', new Date('2027-01-01T00:00:00.000Z'), 'expired'],
    ['the clock is before the checkpoint', new Date('2026-11-01T00:00:00.000Z'), 'expired'],
  ])('%s', async (_, at, because) => {
    await checkpointed(20);
    expect(await verifyAuditInRanges(db, 2, undefined, undefined, { kind: 'since-checkpoint', now: at })).toMatchObject({ chain: { ok: true, count: 21 }, scope: { kind: 'full', because } });
  });

  it('the person asked for every entry', async () => {
    await checkpointed(20);
    expect(await verifyAuditInRanges(db, 2)).toMatchObject({ chain: { ok: true, count: 21 }, scope: { kind: 'full', because: 'requested' } });
  });

  it('a stored checkpoint that does not parse is ignored', async () => {
    await checkpointed(20);
    await db.settings.put({ key: 'auditCheckpoint', value: { format: 'daicho-audit-checkpoint/1', seq: 'twenty' } });
    expect(await getAuditCheckpoint(db)).toBeNull();
    expect(await verifyAuditInRanges(db, 2, undefined, undefined, since)).toMatchObject({ chain: { ok: true }, scope: { kind: 'full', because: 'none' } });
  });
});
