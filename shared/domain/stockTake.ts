/**
 * Stock-take (棚卸): checking that what the ledger lists is really where it says. A session covers one
 * location or the whole section; each scanned label marks its asset found at the session's place and
 * the scan's time. At the end the section sees what was not found, what was found somewhere other than
 * the ledger says, and codes that are not this section's assets.
 *
 * The seeds ask that the ledger be kept up to date on every change (【03】第3条3) and that its state be
 * audited (監査及び自己点検, 【12】); a stock-take is how the section learns that the ledger no longer
 * matches the shelves. A medium not found may be a lost one, which staff report (【10】第6条).
 * Pure: the screen passes the scans and the assets in, nothing is read here.
 */
import { z } from 'zod';
import { readStoredRows } from './storedRows';
import type { Asset, AssetStatus } from './asset';
import { parseScannedCode } from '../labels/parseScannedCode';

/** Where a session looks: one 所在 (as the ledger writes it) or every asset of the section. */
export type StockTakeScope = { kind: 'location'; location: string } | { kind: 'section' };

/** One scan as the screen captured it: the raw text the scanner typed, and when. */
export interface StockTakeScan {
  code: string;
  at: string;
}

/** The asset fields matching needs. */
export type StockTakeAsset = Pick<Asset, 'id' | 'managementNumber' | 'name' | 'location' | 'status'>;

/** What one scan turned out to be. */
export type ScanOutcome =
  | { kind: 'found'; asset: StockTakeAsset; code: string; at: string }
  /** Found here, but the ledger places it elsewhere (a location session only): it moved. */
  | { kind: 'moved'; asset: StockTakeAsset; code: string; at: string; ledgerLocation: string }
  /** A label of another section (its code names another section). */
  | { kind: 'otherSection'; code: string; at: string; section: string; managementNumber: string }
  /** In the ledger, but retired or disposed: it should not be on the shelf. */
  | { kind: 'notActive'; asset: StockTakeAsset; code: string; at: string; status: AssetStatus }
  /** Not a 管理番号 of this ledger, or not a 管理番号 at all. */
  | { kind: 'unknown'; code: string; at: string }
  /** The same asset scanned again in this session (kept so every scan is accounted for). */
  | { kind: 'duplicate'; asset: StockTakeAsset; code: string; at: string };

export interface StockTakeResult {
  /** One outcome per scan, in scan order. */
  outcomes: ScanOutcome[];
  found: Extract<ScanOutcome, { kind: 'found' }>[];
  moved: Extract<ScanOutcome, { kind: 'moved' }>[];
  otherSection: Extract<ScanOutcome, { kind: 'otherSection' }>[];
  notActive: Extract<ScanOutcome, { kind: 'notActive' }>[];
  unknown: Extract<ScanOutcome, { kind: 'unknown' }>[];
  duplicates: number;
  /** Assets in use that the scope covers and no scan found (candidates for a loss report). */
  missing: StockTakeAsset[];
}

/**
 * A 所在 as compared: full-width and half-width folded, spaces collapsed, so 「書庫 A」 and 「書庫Ａ」
 * written by two people are one place. Display keeps the ledger's own text.
 */
export function normaliseLocation(location: string): string {
  return location.normalize('NFKC').replace(/\s+/gu, '').toLowerCase();
}

/** Whether the scope covers an asset at this ledger location. */
export function inScope(scope: StockTakeScope, location: string): boolean {
  return scope.kind === 'section' || normaliseLocation(location) === normaliseLocation(scope.location);
}

/**
 * Builds the lookup of the section's assets by 管理番号, once per session (a stock-take of 100,000
 * assets then matches each scan in constant time, which a scanner sending 10 codes a second needs).
 */
export function indexAssets(assets: readonly StockTakeAsset[]): Map<string, StockTakeAsset> {
  return new Map(assets.map((a) => [a.managementNumber.toUpperCase(), a]));
}

/**
 * Classifies one scan against the ledger. `seen` holds the ids already found in this session and is
 * updated (the caller owns it), so a live screen classifies each new scan without re-reading the rest.
 */
export function classifyScan(scan: StockTakeScan, index: ReadonlyMap<string, StockTakeAsset>, scope: StockTakeScope, section: string, seen: Set<string>): ScanOutcome {
  const parsed = parseScannedCode(scan.code);
  if (!parsed.ok) return { kind: 'unknown', code: parsed.text, at: scan.at };
  const code = parsed.section ? `${parsed.section} ${parsed.managementNumber}` : parsed.managementNumber;
  // A label printed with 「課と管理番号」 names its section; another section's label is not ours even
  // when the same number happens to exist here (every section numbers from its own prefix).
  if (parsed.section !== null && normaliseLocation(parsed.section) !== normaliseLocation(section)) {
    return { kind: 'otherSection', code, at: scan.at, section: parsed.section, managementNumber: parsed.managementNumber };
  }
  const asset = index.get(parsed.managementNumber);
  if (!asset) return { kind: 'unknown', code, at: scan.at };
  if (seen.has(asset.id)) return { kind: 'duplicate', asset, code, at: scan.at };
  seen.add(asset.id);
  if (asset.status !== 'active') return { kind: 'notActive', asset, code, at: scan.at, status: asset.status };
  if (!inScope(scope, asset.location)) return { kind: 'moved', asset, code, at: scan.at, ledgerLocation: asset.location };
  return { kind: 'found', asset, code, at: scan.at };
}

/**
 * Matches a whole session: every scan classified in order (the first scan of an asset counts, later
 * ones are duplicates), and the assets in use within the scope that no scan found. Retired and
 * disposed assets are never "missing": they are expected to be gone.
 */
export function matchStockTake(assets: readonly StockTakeAsset[], scope: StockTakeScope, scans: readonly StockTakeScan[], section: string): StockTakeResult {
  const index = indexAssets(assets);
  const seen = new Set<string>();
  const outcomes = scans.map((scan) => classifyScan(scan, index, scope, section, seen));
  const of = <K extends ScanOutcome['kind']>(kind: K) => outcomes.filter((o): o is Extract<ScanOutcome, { kind: K }> => o.kind === kind);
  return {
    outcomes,
    found: of('found'),
    moved: of('moved'),
    otherSection: of('otherSection'),
    notActive: of('notActive'),
    unknown: of('unknown'),
    duplicates: of('duplicate').length,
    missing: assets.filter((a) => a.status === 'active' && inScope(scope, a.location) && !seen.has(a.id)),
  };
}

/** Counts for the audit log and the self-inspection report (no names: the log keeps numbers only). */
export interface StockTakeSummary {
  scans: number;
  found: number;
  moved: number;
  missing: number;
  otherSection: number;
  notActive: number;
  unknown: number;
  duplicates: number;
}

/** The session's counts, as recorded when it is finished. */
export function summariseStockTake(result: StockTakeResult): StockTakeSummary {
  return {
    scans: result.outcomes.length,
    found: result.found.length,
    moved: result.moved.length,
    missing: result.missing.length,
    otherSection: result.otherSection.length,
    notActive: result.notActive.length,
    unknown: result.unknown.length,
    duplicates: result.duplicates,
  };
}

/** The scope as people read it. */
export function describeScope(scope: StockTakeScope): string {
  return scope.kind === 'section' ? '課全体' : `所在「${scope.location}」`;
}

/** A stock-take session as recorded: who started it, where, and how it ended. Scans are kept apart. */
export interface StockTakeSession {
  id?: number;
  scope: StockTakeScope;
  section: string;
  state: 'open' | 'finished' | 'abandoned';
  startedAt: string;
  startedBy: string;
  startedByUserId: string;
  finishedAt: string | null;
  finishedBy: string | null;
  /** The counts at the end (null while open). */
  summary: StockTakeSummary | null;
  /** Ids of the assets not found, kept for follow-ups (a loss report names them). */
  missingAssetIds: string[];
}

/**
 * A session as stored, checked before a screen or a step reads it (IndexedDB can be edited by hand: a
 * scope set to null blanked the whole window). Unreadable sessions are named, not drawn or advanced.
 */
const count = z.number().int().min(0);
const storedSessionSchema = z.object({
  id: z.number().optional(),
  scope: z.union([z.object({ kind: z.literal('location'), location: z.string() }), z.object({ kind: z.literal('section') })]),
  section: z.string(),
  state: z.enum(['open', 'finished', 'abandoned']),
  startedAt: z.string(),
  startedBy: z.string(),
  startedByUserId: z.string(),
  finishedAt: z.string().nullable(),
  finishedBy: z.string().nullable(),
  summary: z.object({ scans: count, found: count, moved: count, missing: count, otherSection: count, notActive: count, unknown: count, duplicates: count }).nullable(),
  missingAssetIds: z.array(z.string()),
});

/** A stored session as the screens read it, or null when it is not one (edited by hand). */
export function readStockTakeSession(row: unknown): StockTakeSession | null {
  const parsed = storedSessionSchema.safeParse(row);
  return parsed.success ? parsed.data : null;
}

/** The stored sessions that can be read, and the keys of those that cannot. */
export function readStockTakeSessions(rows: readonly unknown[]): { sessions: StockTakeSession[]; unreadable: string[] } {
  const { readable, unreadable } = readStoredRows(storedSessionSchema, rows);
  return { sessions: readable, unreadable };
}

/** One stored scan (the table keeps every scan, duplicates and unknown codes included). */
export interface StockTakeScanRecord extends StockTakeScan {
  id?: number;
  sessionId: number;
}

/**
 * What the scanning screen shows while codes arrive: the count per outcome, the last outcome, and the
 * newest scans that need a look (at most `keep`). Built by adding each outcome to the previous tally
 * (constant work per scan, whatever the session's length), so the screen keeps up with a scanner
 * sending 10 codes a second through a session of thousands of labels.
 */
export interface ScanTally {
  total: number;
  counts: Record<ScanOutcome['kind'], number>;
  last: ScanOutcome | null;
  /** The newest scans that are neither found nor repeated, newest first, each with its 1-based position. */
  problems: readonly { seq: number; outcome: ScanOutcome }[];
}

export const emptyScanTally: ScanTally = { total: 0, counts: { found: 0, moved: 0, otherSection: 0, notActive: 0, unknown: 0, duplicate: 0 }, last: null, problems: [] };

/** The tally with `outcomes` added in order; `problems` keeps the same array when none is a problem. */
export function addToTally(tally: ScanTally, outcomes: readonly ScanOutcome[], keep = 200): ScanTally {
  if (outcomes.length === 0) return tally;
  const counts = { ...tally.counts };
  const added: { seq: number; outcome: ScanOutcome }[] = [];
  outcomes.forEach((outcome, i) => {
    counts[outcome.kind]++;
    if (outcome.kind !== 'found' && outcome.kind !== 'duplicate') added.unshift({ seq: tally.total + i + 1, outcome });
  });
  const problems = added.length === 0 ? tally.problems : [...added, ...tally.problems].slice(0, keep);
  return { total: tally.total + outcomes.length, counts, last: outcomes.at(-1)!, problems };
}
