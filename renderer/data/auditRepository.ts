/**
 * The audit log in the database: append inside the caller's transaction, list, verify; its Merkle
 * tree (auditLog.ts) over every entry since the first, including archived ones whose leaf hashes are
 * kept; the anchor each signed export carries and the last one recorded, against which the app checks
 * that its log was not truncated or rewritten since (the central office checks the same off the
 * terminal, where the terminal cannot rewrite what it remembers).
 */
import Dexie, { type IndexableType } from 'dexie';
import { chainAuditEntries, verifyAuditChain, type AuditEntry, type AuditEvent, type ChainVerification } from '../../shared/domain/auditChain';
import { auditActorName } from '../../shared/domain/auditRowText';
import { hasResidual, meetsResidual, planAuditQuery, type AuditFilter, type AuditQueryPlan } from '../../shared/domain/filterAudit';
import type { DaichoDb } from './db';
import { archiveCutoff, auditArchiveEntryText, auditArchiveHead, auditArchiveSeparator, auditArchiveTail, genesisAnchor, olderThanCutoff, type AuditAnchor, type AuditArchive } from '../../shared/domain/auditArchive';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';
import { addAuditRangePage, computeAuditHashes, emptyAuditRange, mergeAuditRanges, splitAuditRanges, type AuditRangeResult, type SeqRange } from '../../shared/domain/auditRanges';
import { AUDIT_SEGMENT_FORMAT, segmentHead, verifyAuditSegment, type AuditSegment } from '../../shared/domain/auditSegment';
import { auditAnchorForExport, buildAuditTreeInSteps, foldSubtrees, frontierRoot, MAX_PROOFS, prefixRoot, SubtreeBuilder, treeFrontier, type AuditAnchorInFile, type AuditHead, type AuditHeadCheck, type MerkleFrontier, type Subtree } from '../../shared/domain/auditLog';
import { auditCheckpoint, auditCheckpointSchema, checkpointNamed, CHECKPOINT_MIN_ENTRIES, decideCheckpoint, type AuditCheckpoint, type FullBecause } from '../../shared/domain/auditCheckpoint';

/**
 * Appends events after the last entry. Events carry an `AuditAction` (shared/domain/auditActions.ts):
 * an action without its Japanese name does not compile. Call inside a read-write transaction that includes `db.audit`
 * so the entry and the change it records are committed together (or not at all).
 */
export async function appendAudit(db: DaichoDb, events: readonly AuditEvent[]): Promise<AuditEntry[]> {
  const last = await db.audit.orderBy('seq').last();
  const entries = chainAuditEntries(last, events);
  await db.audit.bulkAdd(entries);
  return entries;
}

/** The whole log in order. For tests and small logs: screens read pages (listAuditPage). */
export function listAudit(db: DaichoDb): Promise<AuditEntry[]> {
  return db.audit.orderBy('seq').toArray();
}

/** Rows the audit screen shows at a time. */
export const AUDIT_PAGE_SIZE = 100;
/**
 * Matching entries are counted up to this many, then shown as 「1,000 件以上」: IndexedDB counts by
 * walking the range (on disk, measured: 1.2 s for a million entries, 2.7 s for 300,000 through an
 * index), so an exact count would make the screen's time grow with the log, not with the screen.
 * Reading the keys costs about as much per key (10,000 took a few hundred ms on disk), hence 1,000.
 */
export const AUDIT_COUNT_CAP = 1_000;

/** Where a page ended: the next page continues with entries older than this (at, seq). */
export interface AuditCursor {
  at: string;
  seq: number;
}

export interface AuditPage {
  entries: AuditEntry[];
  /** Where the next (older) page starts, or null when this page reaches the end. */
  next: AuditCursor | null;
  /** Entries matching the filter, when cheap to know (an index range counted up to a cap); null when not. */
  total: number | null;
  /** The count reached the cap: there are at least `total` entries (the screen says 「以上」). */
  totalAtLeast: boolean;
  /** 管理番号 of the assets the page's entries are about (by target id), read for this page only. */
  numbers: Record<string, string>;
  /** The filter names a 管理番号 that is not in the ledger. */
  unknownAsset: boolean;
}

const emptyPage = (unknownAsset: boolean): AuditPage => ({ entries: [], next: null, total: 0, totalAtLeast: false, numbers: {}, unknownAsset });

/**
 * The id of the asset with this 管理番号 (stored upper-case, half-width), or null. Typed text is folded
 * like the ledger's search (NFKC): a 管理番号 typed with the IME on (ｓｍ－０００１) is the same number.
 */
async function assetIdOf(db: DaichoDb, managementNumber: string | undefined): Promise<string | null | undefined> {
  const number = managementNumber?.normalize('NFKC').trim().toUpperCase();
  if (!number) return undefined;
  return (await db.assets.where('managementNumber').equals(number).primaryKeys())[0] ?? null;
}

/** The plan's index range: [lower, upper) over (prefix, at, seq), upper moved to `before` when given. */
function planRange(db: DaichoDb, plan: AuditQueryPlan, before: AuditCursor | null) {
  const lower = plan.lower === null ? [...plan.prefix] : [...plan.prefix, plan.lower];
  // An array key sorts after every shorter one with the same start, and [[]] (Dexie.maxKey) after every string.
  const upper = before ? [...plan.prefix, before.at, before.seq] : plan.upper === null ? [...plan.prefix, Dexie.maxKey] : [...plan.prefix, plan.upper];
  return db.audit.where(plan.index).between(lower, upper, true, false);
}

/**
 * One page of the log, newest first, for a filter (who, what, period, asset): one index range read
 * up to `limit` entries (issue 15: reads grow with the screen, not with the log). The total is the
 * index range's keys counted up to `countCap` when the range alone answers the filter; with a second
 * condition (actor and action, or asset and either) it is known only when the first page is also the last.
 */
export async function listAuditPage(db: DaichoDb, filter: AuditFilter, before: AuditCursor | null = null, limit = AUDIT_PAGE_SIZE, countCap = AUDIT_COUNT_CAP): Promise<AuditPage> {
  return db.transaction('r', db.audit, db.assets, async () => {
    const assetId = await assetIdOf(db, filter.managementNumber);
    const plan = planAuditQuery(filter, assetId);
    if (!plan) return emptyPage(assetId === null);
    const residual = hasResidual(plan);
    let range = planRange(db, plan, before).reverse();
    if (residual) range = range.filter((entry) => meetsResidual(entry, plan.residual));
    const read = await range.limit(limit + 1).toArray();
    const entries = read.slice(0, limit);
    const last = entries.at(-1);
    const next = read.length > limit && last ? { at: last.at, seq: last.seq } : null;
    let total: number | null = null;
    let totalAtLeast = false;
    if (!residual) {
      // One getAllKeys of at most countCap + 1 keys: bounded, where count() walks the whole range.
      const counted = (await planRange(db, plan, null).limit(countCap + 1).primaryKeys()).length;
      total = Math.min(counted, countCap);
      totalAtLeast = counted > countCap;
    } else if (!before && !next) total = entries.length;
    const targets = [...new Set(entries.map((e) => e.target).filter((t) => t !== ''))];
    const assets = await db.assets.bulkGet(targets);
    const numbers: Record<string, string> = {};
    assets.forEach((asset, i) => {
      if (asset) numbers[targets[i]!] = asset.managementNumber;
    });
    return { entries, next, total, totalAtLeast, numbers, unknownAsset: false };
  });
}

/**
 * One entry by its number, or null: the entry a verification found changed, read by its key. It may be
 * in no page of the screen (a time edited into something that is not a key leaves the entry out of every
 * index the pages read), and the reader must still see what it holds.
 */
export async function getAuditEntry(db: DaichoDb, seq: number): Promise<AuditEntry | null> {
  return (await db.audit.get(seq)) ?? null;
}

/** Every entry matching a filter, newest first, read page by page (the screen's CSV export). */
export async function listAuditMatching(db: DaichoDb, filter: AuditFilter): Promise<{ entries: AuditEntry[]; numbers: Record<string, string> }> {
  const entries: AuditEntry[] = [];
  const numbers: Record<string, string> = {};
  for (let before: AuditCursor | null = null; ; ) {
    const page = await listAuditPage(db, filter, before, 5000);
    entries.push(...page.entries);
    Object.assign(numbers, page.numbers);
    if (!page.next) break;
    before = page.next;
  }
  return { entries, numbers };
}

/**
 * Who appears in the log (the actor filter's choices), from the index's distinct keys, not the
 * entries: each step seeks to the first key after the actor before, `key + '\u0000'` (the next string
 * in IndexedDB's order) inclusive. Not uniqueKeys, nor `above(key)`: Chromium steps through every
 * duplicate for a 'nextunique' cursor and for an open lower bound (measured on disk, a million entries,
 * 8 actors: uniqueKeys 5 s, above() 650-810 ms, this 4 ms).
 */
export async function listAuditActors(db: DaichoDb): Promise<string[]> {
  return db.transaction('r', db.audit, async () => {
    const actors: string[] = [];
    // A key of another type (a record written by hand) has no such successor: above() for it.
    const after = (key: IndexableType) => (typeof key === 'string' ? db.audit.where('actor').aboveOrEqual(`${key}\u0000`) : db.audit.where('actor').above(key));
    for (let key = (await db.audit.orderBy('actor').limit(1).keys())[0]; key !== undefined; key = (await after(key).limit(1).keys())[0]) actors.push(auditActorName(key));
    return actors.sort();
  });
}

const ANCHOR_KEY = 'auditAnchor';
/** Settings records holding set-aside segments, keyed by the segment's head hash (content-addressed). */
export const SEGMENT_PREFIX = 'auditSegment:';
/** The anchor recorded at the last signed export (see recordExportAnchor). */
export const LAST_EXPORT_KEY = 'auditLastExport';
/** Leaf hashes of archived entries (the Merkle log needs every entry since the first). */
export const ARCHIVED_LEAVES_PREFIX = 'auditLeaves:';
/** The last full verification that found nothing (shared/domain/auditCheckpoint.ts). */
const CHECKPOINT_KEY = 'auditCheckpoint';

/**
 * Settings records that belong to the audit log, not to the ledger: a restore keeps this terminal's
 * own (it never rolls the log, its anchors or its segments back to a backup's).
 */
export function isAuditSettingKey(key: string): boolean {
  return key === ANCHOR_KEY || key === LAST_EXPORT_KEY || key === CHECKPOINT_KEY || key.startsWith(SEGMENT_PREFIX) || key.startsWith(ARCHIVED_LEAVES_PREFIX);
}

/**
 * Every set-aside segment, oldest first, with its chain verification and whether a 'backup.restore'
 * entry of the live chain names its head and count (a segment swapped for another, even a
 * self-consistent one, is no longer named by the chain).
 */
export async function listAuditSegments(db: DaichoDb): Promise<{ key: string; segment: AuditSegment; verification: ChainVerification; named: boolean; unreadable?: true }[]> {
  const records = await db.settings.where('key').startsWith(SEGMENT_PREFIX).toArray();
  if (records.length === 0) return []; // most terminals: no restore ever set a segment aside
  const restores = await db.audit.where('action').equals('backup.restore').toArray();
  const named = new Set(
    restores.map((e) => {
      // A detail edited by hand to null must not stop the list (the chain reports the entry).
      const setAside = (e.detail as { setAside?: { head?: { hash?: string } | null; count?: number } } | null)?.setAside;
      return `${setAside?.head?.hash ?? ''}/${setAside?.count ?? ''}`;
    }),
  );
  const readable = records.filter((r) => readableSegment(r.value));
  const unreadable = records.filter((r) => !readableSegment(r.value)).map((r) => r.key);
  return [
    ...readable
      .map((r) => ({ key: r.key, segment: r.value as AuditSegment }))
      .sort((a, b) => a.segment.setAsideAt.localeCompare(b.segment.setAsideAt))
      .map((s) => ({ ...s, verification: verifyAuditSegment(s.segment), named: named.has(`${segmentHead(s.segment)?.hash ?? ''}/${s.segment.entries.length}`) })),
    // A record edited by hand into something that is no segment: listed as such (the screen says so),
    // not thrown, which left the audit screen blank (useLiveQuery rethrows while drawing).
    ...unreadable.map((key) => ({ key, segment: unreadableSegment, verification: { ok: false, brokenSeq: 0, reason: 'hash-mismatch' } as const, named: false, unreadable: true as const })),
  ];
}

/** Whether a settings value has the shape of a segment (what verifying and listing it read). */
function readableSegment(value: unknown): value is AuditSegment {
  const v = value as Partial<Record<keyof AuditSegment, unknown>> | null;
  const anchor = v?.anchor as { seq?: unknown; hash?: unknown } | null | undefined;
  return (
    typeof v === 'object' && v !== null && typeof v.setAsideAt === 'string' && typeof v.setAsideBy === 'string' && typeof v.backupCreatedAt === 'string' &&
    typeof anchor === 'object' && anchor !== null && typeof anchor.seq === 'number' && typeof anchor.hash === 'string' &&
    Array.isArray(v.entries) && v.entries.every((e) => typeof e === 'object' && e !== null && (typeof e.seq === 'number' || typeof e.seq === 'string'))
  );
}

/** Stands in for a segment record that cannot be read (listAuditSegments marks it `unreadable`). */
const unreadableSegment: AuditSegment = { format: AUDIT_SEGMENT_FORMAT, reason: 'backup.restore', setAsideAt: '', setAsideBy: '', backupCreatedAt: '', anchor: { seq: 0, hash: '' }, entries: [] };

/** The last archived entry (the chain in the database continues from it), or the genesis anchor. */
export async function getAuditAnchor(db: DaichoDb): Promise<AuditAnchor> {
  const record = await db.settings.get(ANCHOR_KEY);
  return (record?.value as AuditAnchor | undefined) ?? genesisAnchor;
}

/** Verifies the chain in the database, from the archive anchor when older entries were archived. */
export async function verifyAudit(db: DaichoDb): Promise<ChainVerification> {
  const [entries, anchor] = await Promise.all([listAudit(db), getAuditAnchor(db)]);
  return verifyAuditChain(entries, anchor);
}

/**
 * Removes archived entries (already saved by the caller) and moves the anchor past them, in one
 * transaction that first checks the entries are still exactly those saved. Managers only.
 */
export async function completeAuditArchive(db: DaichoDb, archive: AuditArchive, at: WriteContext): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, db.settings, async () => {
      const context = await signedContext(db, 'audit.archive', at);
      const last = archive.entries.at(-1)!;
      // The entries must still be exactly those saved. Walked with a cursor (one small task per entry,
      // not one bulk read of the whole archive on the window's thread), then removed as one key range.
      let i = 0;
      let same = true;
      await db.audit.where('seq').between(archive.entries[0]!.seq, last.seq, true, true).each((entry) => {
        if (entry.hash !== archive.entries[i]?.hash || entry.seq !== archive.entries[i]?.seq) same = false;
        i += 1;
      });
      if (!same || i !== archive.entries.length) throw new WriteAbort('failed');
      await db.audit.where('seq').between(archive.entries[0]!.seq, last.seq, true, true).delete();
      await db.settings.put({ key: ANCHOR_KEY, value: { seq: last.seq, hash: last.hash } });
      // The Merkle log needs every entry's hash since the first: the archived ones stay as leaves.
      const leaves: ArchivedLeaves = { fromSeq: archive.entries[0]!.seq, toSeq: last.seq, hashes: archive.entries.map((e) => e.hash).join('') };
      await db.settings.put({ key: `${ARCHIVED_LEAVES_PREFIX}${String(leaves.fromSeq).padStart(12, '0')}`, value: leaves });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'audit.archive', target: '', outcome: 'success', detail: { fromSeq: archive.entries[0]!.seq, toSeq: last.seq, count: archive.entries.length, anchorHash: last.hash } }]);
      return archive.entries.length;
    }),
  );
}

/** An archive ready to save: its entries (for completeAuditArchive) and the file's bytes. */
export type PreparedAuditArchive = { ok: true; archive: AuditArchive; bytes: Uint8Array<ArrayBuffer> } | { ok: false; verification: ChainVerification } | { ok: false; empty: true };

/**
 * The archive of entries older than the retention period (buildAuditArchive's rules: oldest first,
 * never the newest entry, chain verified from the anchor), read and written page by page with a
 * pause between pages, so a log of a million entries never blocks the window for long (issue 15).
 * The file's text is exactly what `JSON.stringify(archive, null, 1)` gives.
 */
export async function prepareAuditArchive(db: DaichoDb, now: Date, pause: () => Promise<void> = yieldToUi, pageSize = 1000): Promise<PreparedAuditArchive> {
  const anchor = await getAuditAnchor(db);
  const newest = (await db.audit.orderBy('seq').lastKey()) as number | undefined;
  const cutoff = archiveCutoff(now);
  const entries: AuditEntry[] = [];
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  let tail: AuditAnchor = anchor;
  for (let from = anchor.seq + 1; newest !== undefined; ) {
    const page = await db.audit.where('seq').between(from, newest, true, false).limit(pageSize).toArray();
    const stop = page.findIndex((entry) => !olderThanCutoff(entry, cutoff));
    const taken = stop === -1 ? page : page.slice(0, stop);
    const verification = verifyAuditChain(taken, tail);
    if (!verification.ok) return { ok: false, verification };
    if (taken.length > 0) {
      parts.push(encoder.encode((entries.length === 0 ? auditArchiveHead(anchor) : auditArchiveSeparator) + taken.map(auditArchiveEntryText).join(auditArchiveSeparator)));
      entries.push(...taken);
      tail = { seq: taken.at(-1)!.seq, hash: taken.at(-1)!.hash };
    }
    if (stop !== -1 || page.length < pageSize) break;
    from = page.at(-1)!.seq + 1;
    await pause();
  }
  if (entries.length === 0) return { ok: false, empty: true };
  parts.push(encoder.encode(auditArchiveTail));
  const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return { ok: true, archive: { format: 'daicho-audit-archive/1', anchor, entries }, bytes };
}

/**
 * Records that the signed-in person checked or exported the log (who looked at it is itself
 * audit-worthy, 【07】第17条); the actor comes from the session.
 */
export function recordAuditAccess(db: DaichoDb, event: Omit<AuditEvent, 'target' | 'actor'>): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'audit.access', { now: event.at });
      await appendAudit(db, [{ ...event, at: context.now, actor: context.actor, target: '' }]);
    }),
  );
}

/** The last full verification's checkpoint, if one is recorded and well-formed (else null: the next check is full). */
export async function getAuditCheckpoint(db: DaichoDb): Promise<AuditCheckpoint | null> {
  const parsed = auditCheckpointSchema.safeParse((await db.settings.get(CHECKPOINT_KEY))?.value);
  return parsed.success ? parsed.data : null;
}

/**
 * Records a verification the signed-in person ran (an 'audit.verify' entry: what was checked and what
 * was found) and, after a full verification of at least `minEntries` entries that found nothing, the
 * checkpoint later checks start from, in one transaction. A check from the checkpoint never moves it:
 * only a full verification does. (Tests pass a small `minEntries` rather than build 20,000 entries.)
 */
export function recordAuditVerification(db: DaichoDb, verification: FullAuditVerification, at: string, minEntries = CHECKPOINT_MIN_ENTRIES): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, db.settings, async () => {
      const context = await signedContext(db, 'audit.access', { now: at });
      const { chain, lastExport, scope, frontier } = verification;
      const found = chain.ok && lastExport.ok;
      // The entry recording a full verification names the checkpoint it leaves: a checkpoint record no entry names is not used.
      const head = found && scope.kind === 'full' && chain.ok && chain.count >= minEntries && frontier ? { seq: frontier.size, hash: chain.lastHash } : null;
      const detail = {
        ...(chain.ok ? { count: chain.count } : { brokenSeq: chain.brokenSeq, reason: chain.reason }),
        lastExport: lastExport.ok ? 'ok' : lastExport.reason,
        ...(scope.kind === 'since' ? { sinceSeq: scope.checkpoint.seq, sinceVerifiedAt: scope.checkpoint.verifiedAt } : { fullCheck: scope.because }),
        ...(head && frontier ? { checkpoint: checkpointNamed(head, frontier) } : {}),
      };
      const [entry] = await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'audit.verify', target: '', outcome: found ? 'success' : 'failure', detail }]);
      if (head && frontier) {
        const checked = lastExport.last && { size: lastExport.last.size, rootHash: lastExport.last.rootHash };
        await db.settings.put({ key: CHECKPOINT_KEY, value: auditCheckpoint(head, verification.anchor, frontier, checked, entry!.seq, context.now, context.actor) });
      }
    }),
  );
}

/**
 * The leaves of archived entries, checked against the archive anchor (which must be the last of
 * them): every entry hash before the first one still in the database.
 */
async function archivedLeafHashes(db: DaichoDb): Promise<{ ok: true; hashes: string[]; anchor: AuditAnchor } | { ok: false; reason: 'leaves-missing'; seq: number }> {
  const archived = (await db.settings.where('key').startsWith(ARCHIVED_LEAVES_PREFIX).toArray()).map((r) => r.value as ArchivedLeaves).sort((a, b) => a.fromSeq - b.fromSeq);
  const anchor = await getAuditAnchor(db);
  const hashes: string[] = [];
  for (const part of archived) {
    if (part.fromSeq !== hashes.length + 1 || part.hashes.length !== (part.toSeq - part.fromSeq + 1) * 64) return { ok: false, reason: 'leaves-missing', seq: hashes.length + 1 };
    for (let i = 0; i < part.hashes.length; i += 64) hashes.push(part.hashes.slice(i, i + 64));
  }
  // The archive anchor must be the last archived leaf: moving it is how a deletion would be hidden.
  if (hashes.length !== anchor.seq || (anchor.seq > 0 && hashes.at(-1) !== anchor.hash)) return { ok: false, reason: 'leaves-missing', seq: Math.min(hashes.length, anchor.seq) + 1 };
  return { ok: true, hashes, anchor };
}

/** The hashes of archived entries fromSeq..toSeq, concatenated (64 hex characters each). */
interface ArchivedLeaves {
  fromSeq: number;
  toSeq: number;
  hashes: string;
}

export type AuditLeavesResult = { ok: true; hashes: string[] } | { ok: false; reason: 'leaves-missing'; seq: number };

/**
 * Every entry hash since the first, in order: the archived leaves, then the entries in the database,
 * read once. A gap (entries deleted without their leaves, or an archive anchor moved past entries
 * that were never archived) is reported with the first missing sequence number.
 */
export async function auditLeafHashes(db: DaichoDb, onPage?: (entries: AuditEntry[]) => void, pageSize = LEAF_PAGE): Promise<AuditLeavesResult> {
  const archived = await archivedLeafHashes(db);
  if (!archived.ok) return archived;
  const { hashes, anchor } = archived;
  // Read in pages by primary key (getAll is far faster than a cursor, and a page bounds the memory);
  // the next page is requested before this one is hashed, so the database reads while we compute.
  const read = (from: number) => db.audit.where('seq').aboveOrEqual(from).limit(pageSize).toArray();
  for (let pending: Promise<AuditEntry[]> | null = read(anchor.seq + 1); pending; ) {
    const page: AuditEntry[] = await pending;
    pending = page.length < pageSize ? null : read(page.at(-1)!.seq + 1);
    // Before the gap check below, so a reader verifying the chain in the same pass sees the gap itself.
    onPage?.(page);
    for (const entry of page) {
      if (entry.seq !== hashes.length + 1) {
        await pending?.catch(() => undefined);
        return { ok: false, reason: 'leaves-missing', seq: hashes.length + 1 };
      }
      hashes.push(entry.hash);
    }
  }
  return { ok: true, hashes };
}

const LEAF_PAGE = 5000;
/** A macrotask: lets the window draw between steps of hashing a large log. */
const yieldToUi = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** What the terminal remembers of its signed exports: the last one (for the screen) and the heads it can prove from. */
export interface ExportAnchors {
  last: { at: string; fileName: string; size: number; rootHash: string; head: AuditAnchor } | null;
  heads: AuditHead[];
}

export async function getExportAnchors(db: DaichoDb): Promise<ExportAnchors> {
  return ((await db.settings.get(LAST_EXPORT_KEY))?.value as ExportAnchors | undefined) ?? { last: null, heads: [] };
}

/**
 * The audit anchor for the next signed export: the tree head over every entry and a consistency
 * proof from each head this terminal exported before. Reads the log once (see auditLeafHashes).
 */
export async function auditAnchorForNextExport(db: DaichoDb): Promise<{ ok: true; anchor: AuditAnchorInFile } | { ok: false; reason: 'leaves-missing'; seq: number }> {
  const leaves = await auditLeafHashes(db);
  if (!leaves.ok) return leaves;
  const { heads } = await getExportAnchors(db);
  return { ok: true, anchor: auditAnchorForExport(await buildAuditTreeInSteps(leaves.hashes, yieldToUi), leaves.hashes.at(-1) ?? null, heads.map((h) => h.size)) };
}

/** Records the anchor a saved export carried; call inside the export's transaction (needs db.settings). */
export async function recordExportAnchor(db: DaichoDb, anchor: AuditAnchorInFile, file: { at: string; fileName: string }): Promise<void> {
  const { heads } = await getExportAnchors(db);
  const next: ExportAnchors = {
    last: { at: file.at, fileName: file.fileName, size: anchor.size, rootHash: anchor.rootHash, head: anchor.head },
    heads: [...heads.filter((h) => h.size !== anchor.size), { size: anchor.size, rootHash: anchor.rootHash }].slice(-MAX_PROOFS),
  };
  await db.settings.put({ key: LAST_EXPORT_KEY, value: next });
}

export type LastExportCheck =
  | { ok: true; last: ExportAnchors['last'] }
  | { ok: false; reason: AuditHeadFailure | 'leaves-missing'; last: ExportAnchors['last'] };
type AuditHeadFailure = Exclude<AuditHeadCheck, { ok: true }>['reason'];

/**
 * Whether today's log still extends the head recorded at the last export: catches deleting the newest
 * entries (went-backwards), rewriting older ones or the archive anchor (forked / leaves-missing). The
 * terminal could rewrite that record too; the central office's own copy of the head is the check that
 * does not depend on the terminal.
 */
export async function checkAgainstLastExport(db: DaichoDb): Promise<LastExportCheck> {
  const { last } = await getExportAnchors(db);
  return (await checkLeavesAgainstLastExport(last, await auditLeafHashes(db), yieldToUi, false)).check;
}

/**
 * checkAgainstLastExport over leaves already read (the full verification reads the log once for both).
 * With `wantFrontier` the tree is built even without an export, for the checkpoint's right edge.
 */
async function checkLeavesAgainstLastExport(last: ExportAnchors['last'], leaves: AuditLeavesResult, pause: () => Promise<void>, wantFrontier: boolean): Promise<{ check: LastExportCheck; frontier: MerkleFrontier | null }> {
  if (!leaves.ok) return { check: { ok: false, reason: 'leaves-missing', last }, frontier: null };
  if (!last && !wantFrontier) return { check: { ok: true, last }, frontier: null };
  const tree = await buildAuditTreeInSteps(leaves.hashes, pause);
  const frontier = wantFrontier ? treeFrontier(tree) : null;
  if (!last) return { check: { ok: true, last }, frontier };
  // The terminal holds every leaf, so it compares directly: no proof is needed on this side.
  if (leaves.hashes.length < last.size) return { check: { ok: false, reason: 'went-backwards', last }, frontier };
  if (prefixRoot(tree, last.size) !== last.rootHash) return { check: { ok: false, reason: 'forked', last }, frontier };
  return { check: { ok: true, last }, frontier };
}

/**
 * The last-export check over a frontier and the perfect subtrees that continue it (the ranges' part of
 * the tree, cut at the export's size): the root where the fold reaches the export's size must be the
 * exported one. Also returns the right edge over everything folded. Subtrees that do not continue the
 * frontier (entries missing or added while the ranges were read) are leaves missing.
 */
function foldAgainstLastExport(last: NonNullable<ExportAnchors['last']>, from: MerkleFrontier, subtrees: readonly Subtree[]): { check: LastExportCheck; frontier: MerkleFrontier | null } {
  let atExport: MerkleFrontier;
  let frontier: MerkleFrontier;
  try {
    const before = subtrees.filter((t) => t.start < last.size);
    atExport = foldSubtrees(from, before);
    frontier = foldSubtrees(atExport, subtrees.slice(before.length));
  } catch {
    return { check: { ok: false, reason: 'leaves-missing', last }, frontier: null };
  }
  if (frontier.size < last.size) return { check: { ok: false, reason: 'went-backwards', last }, frontier };
  if (atExport.size !== last.size) return { check: { ok: false, reason: 'leaves-missing', last }, frontier: null };
  return { check: frontierRoot(atExport) === last.rootHash ? { ok: true, last } : { ok: false, reason: 'forked', last }, frontier };
}

/**
 * The last-export check of a verification from the checkpoint: an export the full verification
 * already checked (at or before the checkpoint, the same record: decideCheckpoint refused any other,
 * and it is compared again here) stands; a later one's head is recomputed from the checkpoint's right
 * edge and the subtrees the ranges built since.
 */
function checkSinceAgainstLastExport(last: ExportAnchors['last'], checkpoint: AuditCheckpoint, subtrees: readonly Subtree[], contiguous: boolean): LastExportCheck {
  if (!contiguous) return { ok: false, reason: 'leaves-missing', last };
  if (!last) return { ok: true, last };
  if (last.size <= checkpoint.seq) return checkpoint.lastExport?.size === last.size && checkpoint.lastExport.rootHash === last.rootHash ? { ok: true, last } : { ok: false, reason: 'forked', last };
  return foldAgainstLastExport(last, checkpoint.frontier, subtrees).check;
}

/** How far a full verification is: entries read and hashed, then the tree (no count: it is quick). */
export interface AuditVerifyProgress {
  phase: 'chain' | 'tree';
  done: number;
  total: number;
}

/**
 * What a verification covered: every entry (with why, when a checkpoint existed but was not used), or
 * only the entries since the checkpoint's full verification.
 */
export type AuditVerifyScope = { kind: 'full'; because: FullBecause; checkpoint: AuditCheckpoint | null } | { kind: 'since'; checkpoint: AuditCheckpoint };

/** The chain and the last-export check together, as the audit screen shows them. */
export interface FullAuditVerification {
  chain: ChainVerification;
  lastExport: LastExportCheck;
  scope: AuditVerifyScope;
  /** Where the chain verified starts: the archive anchor (a full verification) or the checkpoint. */
  anchor: AuditAnchor;
  /** A full verification's right edge of the tree over every leaf (null: from the checkpoint, or leaves missing). */
  frontier: MerkleFrontier | null;
}

/**
 * Verifies the whole log in one read: each page's chain links and hashes from the archive anchor, and
 * every entry hash collected for the check against the last export's tree head, in a single pass.
 * The app verifies in parallel ranges instead (verifyAuditInRanges, auditVerifier.ts); this pass
 * stays as the reference the ranges are tested against. `pause` lets a caller on the UI thread yield.
 */
export async function verifyAuditFully(db: DaichoDb, onProgress: (progress: AuditVerifyProgress) => void = () => {}, pause: () => Promise<void> = yieldToUi, pageSize = LEAF_PAGE): Promise<FullAuditVerification> {
  const anchor = await getAuditAnchor(db);
  const total = await db.audit.count();
  let broken: ChainVerification | null = null;
  let last = anchor;
  let count = 0;
  let read = 0;
  const leaves = await auditLeafHashes(db, (page) => {
    read += page.length;
    if (!broken) {
      const result = verifyAuditChain(page, last);
      if (result.ok) {
        count += result.count;
        last = { seq: last.seq + result.count, hash: result.lastHash };
      } else broken = result;
    }
    onProgress({ phase: 'chain', done: Math.min(read, total), total });
  }, pageSize);
  // auditLeafHashes stops before the entries when the archived leaves are inconsistent: verify the chain on its own then.
  const chain: ChainVerification = broken ?? (read < total ? await verifyAudit(db) : { ok: true, count, lastHash: last.hash });
  onProgress({ phase: 'tree', done: total, total });
  const { check, frontier } = await checkLeavesAgainstLastExport((await getExportAnchors(db)).last, leaves, pause, true);
  return { chain, lastExport: check, scope: { kind: 'full', because: 'none', checkpoint: null }, anchor, frontier: chain.ok ? frontier : null };
}

/**
 * What a parallel verification needs to know before it starts, read from indexes (and, from a
 * checkpoint, the one entry it names): where the chain to verify starts (the archive anchor, or the
 * checkpoint), how many entries to read, the ranges to hand out, whether the numbers run without a
 * gap from the archive anchor (else the leaves for the tree are missing), whether the ranges collect
 * their leaves for the tree, what the verification covers, and a finding made while planning (the
 * checkpoint's entry gone or changed: reported even when the full verification then finds nothing).
 */
export interface AuditVerifyPlan {
  anchor: AuditAnchor;
  total: number;
  ranges: SeqRange[];
  contiguous: boolean;
  checkTree: boolean;
  scope: AuditVerifyScope;
  finding: ChainVerification | null;
  /** The last export's record as read now: the tree check compares with this one (an export made meanwhile is not a rewrite). */
  lastExport: ExportAnchors['last'];
}

/**
 * Whether 「監査ログを検証」 would start from the checkpoint now (the screen only says so when it
 * would): the plan's own decision, with nothing read beyond what planning reads.
 */
export async function checkpointInUse(db: DaichoDb, now: Date): Promise<AuditCheckpoint | null> {
  // Without counting the entries (a second on disk for a million, as the screen opens): a gap is then
  // found by the check itself, which plans again with the count and verifies every entry.
  const plan = await planAuditVerification(db, 1, { kind: 'since-checkpoint', now }, false);
  return plan.scope.kind === 'since' ? plan.scope.checkpoint : null;
}

/** Every entry, or (when the checkpoint allows it at `now`) only those since the last full verification. */
export type AuditVerifyMode = { kind: 'full' } | { kind: 'since-checkpoint'; now: Date };

export async function planAuditVerification(db: DaichoDb, parts: number, mode: AuditVerifyMode = { kind: 'full' }, countEntries = true): Promise<AuditVerifyPlan> {
  const read = await db.transaction('r', db.audit, db.settings, async () => {
    const anchor = await getAuditAnchor(db);
    const firstKey: unknown = await db.audit.orderBy('seq').firstKey();
    const lastKey: unknown = await db.audit.orderBy('seq').lastKey();
    // The ranges split the finite numbers. A key the chain never writes (a string, date or array, or
    // ±Infinity: written by hand into the database) sorts before or after all of them and is read by
    // no range: it is a finding of its own, where a single pass would meet it (verifyAuditFully).
    const finite = () => db.audit.where('seq').between(-Infinity, Infinity, false, false);
    const plain = (key: unknown) => key === undefined || Number.isFinite(key);
    const first = (plain(firstKey) ? firstKey : (await finite().limit(1).primaryKeys())[0]) as number | undefined;
    const last = (plain(lastKey) ? lastKey : (await finite().reverse().limit(1).primaryKeys())[0]) as number | undefined;
    let outside: ChainVerification | null = null;
    // Before every number (-Infinity), or no number at all: the first entry a single pass reads is wrong.
    if (firstKey !== first || (firstKey !== undefined && last === undefined)) outside = { ok: false, brokenSeq: anchor.seq + 1, reason: 'sequence-gap' };
    // After every number: the entry a single pass reads after the last number (x.5 is read by the last range, and breaks there).
    else if (lastKey !== last) outside = { ok: false, brokenSeq: Math.floor(last!) + 1, reason: 'sequence-gap' };
    // Without the count, as many as the numbers from the first to the last (no gap assumed).
    const total = countEntries ? await db.audit.count() : first === undefined ? 0 : last! - first + 1;
    const { last: lastExport } = await getExportAnchors(db);
    // The checkpoint is read whichever check runs: its entry gone or changed is a finding either way.
    const checkpoint = await getAuditCheckpoint(db);
    const [entry, record] = checkpoint ? await db.audit.bulkGet([checkpoint.seq, checkpoint.recordSeq]) : [];
    return { anchor, total, first, last, outside, lastExport, checkpoint, entry, record };
  });
  const { anchor, total, first, last, outside, lastExport, checkpoint, entry, record } = read;
  // seq is the primary key (unique): as many entries as numbers between the first and the last means no gap.
  const contiguous = !outside && (first === undefined || (first === anchor.seq + 1 && last! - first + 1 === total));
  const recomputed = entry ? computeAuditHashes([entry])[0] : null;
  const intact = !!entry && recomputed !== null && recomputed === entry.hash;
  const decision = decideCheckpoint(checkpoint, {
    now: mode.kind === 'since-checkpoint' ? mode.now : null,
    anchor,
    entryAtCheckpoint: entry ? { hash: entry.hash, intact } : null,
    record: record ? { action: record.action, named: (record.detail as { checkpoint?: unknown } | null)?.checkpoint } : null,
    contiguous,
    lastExport,
  });
  if (decision.use) {
    const from = decision.checkpoint.seq + 1;
    const count = await db.audit.where('seq').aboveOrEqual(from).count();
    const ranges = last === undefined || last < from ? [] : splitAuditRanges(from, last, parts);
    return { anchor: { seq: decision.checkpoint.seq, hash: decision.checkpoint.hash }, total: count, ranges, contiguous, checkTree: lastExport !== null && lastExport.size > decision.checkpoint.seq, scope: { kind: 'since', checkpoint: decision.checkpoint }, finding: null, lastExport };
  }
  const rewritten: ChainVerification | null = decision.because === 'rewritten' ? { ok: false, brokenSeq: decision.checkpoint!.seq, reason: entry ? 'hash-mismatch' : 'sequence-gap' } : null;
  const finding = outside ? firstFinding(outside, rewritten) : rewritten;
  const ranges = first === undefined || last === undefined ? [] : splitAuditRanges(first, last, parts);
  // A full verification always collects the leaves: its tree gives the checkpoint's right edge.
  return { anchor, total, ranges, contiguous, checkTree: true, scope: { kind: 'full', because: decision.because, checkpoint: decision.checkpoint }, finding, lastExport };
}

/** One range verified: its result for the merge, and its part of the tree when the plan checks the tree. */
export interface AuditRangeVerification {
  result: AuditRangeResult;
  /** The range's leaves as perfect subtrees (see SubtreeBuilder); null: not asked for, or a gap in the range (leaves missing). */
  subtrees: Subtree[] | null;
  /** Where the range's time went (ms): waiting for the database, hashing (serialise + digest + compare), the tree. */
  timing: { readMs: number; hashMs: number; treeMs: number; totalMs: number };
}

/** The tree sizes a range's subtrees must not cross: the last export's (its root is compared). */
export function treeCuts(plan: Pick<AuditVerifyPlan, 'checkTree' | 'lastExport'>): number[] | null {
  return plan.checkTree ? (plan.lastExport ? [plan.lastExport.size] : []) : null;
}

/**
 * Reads and re-hashes one range of the chain (a worker's share), page by page by primary key; the
 * next page is requested before this one is hashed, so the database reads while this thread hashes.
 * With `cuts` (treeCuts) it also builds the range's part of the Merkle tree from the stored hashes
 * (leaf i is the entry of seq i + 1), so no single thread hashes every leaf afterwards.
 * `onProgress` gets the entries read so far in this range.
 */
export async function verifyAuditRange(db: DaichoDb, range: SeqRange, cuts: readonly number[] | null, onProgress: (read: number) => void = () => {}, pageSize = LEAF_PAGE): Promise<AuditRangeVerification> {
  // Up to the next range's start, not its last number, and each page after the last key read, not its
  // number plus one: a key between two numbers (10.5, written by hand) is read, as a single pass reads it.
  const read = (from: number, inclusive: boolean) => db.audit.where('seq').between(from, range.to + 1, inclusive, false).limit(pageSize).toArray();
  let result = emptyAuditRange;
  let tree = cuts && new SubtreeBuilder(range.from - 1, cuts);
  let done = 0;
  const timing = { readMs: 0, hashMs: 0, treeMs: 0, totalMs: 0 };
  const started = performance.now();
  for (let pending: Promise<AuditEntry[]> | null = read(range.from, true); pending; ) {
    let at = performance.now();
    const page: AuditEntry[] = await pending;
    timing.readMs += performance.now() - at;
    pending = page.length < pageSize ? null : read(page.at(-1)!.seq, false);
    at = performance.now();
    // Only until the first break: past it the answer is known, but the range still counts its entries.
    const computed = result.broken ? page.map((e) => e.hash) : computeAuditHashes(page);
    result = addAuditRangePage(result, page, computed);
    const treeAt = performance.now();
    timing.hashMs += treeAt - at;
    // The tree from the stored hashes (a mismatch is the chain's finding).
    try {
      for (const entry of page) {
        if (!tree) break;
        if (entry.seq === tree.end + 1) tree.addLeaf(entry.hash);
        else tree = null; // a gap: the leaves are missing (the chain reports the gap)
      }
    } catch {
      tree = null; // a stored hash that is not hex (written by hand): no leaf; the chain reports the entry
    }
    timing.treeMs += performance.now() - treeAt;
    done += page.length;
    onProgress(done);
  }
  timing.totalMs = performance.now() - started;
  return { result, subtrees: tree ? tree.subtrees() : null, timing };
}

/**
 * The last-export check over the subtrees the ranges built (in range order): the archived leaves
 * first, then these; or, from a checkpoint, its right edge and these. `last` is the export record the
 * plan read (an export made while the log was read is not compared with it), and `contiguous` the
 * plan's: with a gap the leaves are missing. `entrySubtrees` null: the plan did not check the tree, so
 * only the archived leaves are checked; a range with a gap sends null in its place (leaves missing).
 * A full verification also gets the tree's right edge over every leaf, for its checkpoint.
 */
export async function checkRangesAgainstLastExport(db: DaichoDb, last: ExportAnchors['last'], entrySubtrees: readonly (readonly Subtree[] | null)[] | null, contiguous: boolean, since: AuditCheckpoint | null = null): Promise<{ check: LastExportCheck; frontier: MerkleFrontier | null }> {
  const missing = { check: { ok: false, reason: 'leaves-missing', last }, frontier: null } as const;
  const complete = entrySubtrees && entrySubtrees.every((t) => t !== null) ? entrySubtrees.flatMap((t) => t!) : null;
  if (since) return { check: entrySubtrees && !complete ? missing.check : checkSinceAgainstLastExport(last, since, complete ?? [], contiguous), frontier: null };
  const archived = await archivedLeafHashes(db);
  if (!archived.ok || !contiguous || (entrySubtrees && !complete)) return missing;
  if (!complete) return { check: { ok: true, last }, frontier: null };
  // The archived leaves as subtrees too (hashed here: the ranges only read the entries still in the log).
  const archivedTree = new SubtreeBuilder(0, last ? [last.size] : []);
  try {
    for (const hash of archived.hashes) archivedTree.addLeaf(hash);
  } catch {
    return missing; // an archived leaf that is not hex (the record written by hand)
  }
  const subtrees = [...archivedTree.subtrees(), ...complete];
  if (last) return foldAgainstLastExport(last, { size: 0, nodes: [] }, subtrees);
  try {
    return { check: { ok: true, last }, frontier: foldSubtrees({ size: 0, nodes: [] }, subtrees) };
  } catch {
    return missing;
  }
}

/**
 * The full verification the parallel way, every range in this thread one after the other (where no
 * Worker exists, and in tests): the same plan, range and merge code the workers run, and the same
 * answer verifyAuditFully gives.
 */
export async function verifyAuditInRanges(db: DaichoDb, parts: number, onProgress: (progress: AuditVerifyProgress) => void = () => {}, pageSize = LEAF_PAGE, mode: AuditVerifyMode = { kind: 'full' }): Promise<FullAuditVerification> {
  const plan = await planAuditVerification(db, parts, mode);
  const results: AuditRangeVerification[] = [];
  let before = 0;
  for (const range of plan.ranges) {
    const done = await verifyAuditRange(db, range, treeCuts(plan), (read) => onProgress({ phase: 'chain', done: Math.min(before + read, plan.total), total: plan.total }), pageSize);
    before += done.result.count;
    results.push(done);
  }
  return finishAuditVerification(db, plan, results, onProgress);
}

/** Merges the ranges and runs the last-export check (in whichever thread calls it). */
export function finishAuditVerification(db: DaichoDb, plan: AuditVerifyPlan, results: readonly AuditRangeVerification[], onProgress: (progress: AuditVerifyProgress) => void): Promise<FullAuditVerification> {
  return completeAuditVerification(plan, results, onProgress, (since) => checkRangesAgainstLastExport(db, plan.lastExport, plan.checkTree ? results.map((r) => r.subtrees) : null, plan.contiguous, since));
}

/**
 * The ranges' answers merged (with the plan's own finding), then the last-export check as `tree` runs
 * it: in this thread (finishAuditVerification) or in a worker (auditVerifier.ts), from the
 * checkpoint when the plan uses one.
 */
export async function completeAuditVerification(plan: AuditVerifyPlan, results: readonly { result: AuditRangeResult }[], onProgress: (progress: AuditVerifyProgress) => void, tree: (since: AuditCheckpoint | null) => Promise<{ check: LastExportCheck; frontier: MerkleFrontier | null }>): Promise<FullAuditVerification> {
  const chain = firstFinding(mergeAuditRanges(plan.anchor, results.map((r) => r.result)), plan.finding);
  onProgress({ phase: 'tree', done: plan.total, total: plan.total });
  const { check, frontier } = await tree(plan.scope.kind === 'since' ? plan.scope.checkpoint : null);
  return { chain, lastExport: check, scope: plan.scope, anchor: plan.anchor, frontier: chain.ok ? frontier : null };
}

/** The chain's answer with a finding made while planning: whichever break comes first in the log. */
export function firstFinding(chain: ChainVerification, finding: ChainVerification | null): ChainVerification {
  if (!finding || finding.ok) return chain;
  return chain.ok || chain.brokenSeq > finding.brokenSeq ? finding : chain;
}
