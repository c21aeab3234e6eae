/**
 * Where a full audit verification's time goes (issue 15), one cost at a time over the same entries:
 * reading pages (by primary key, as the verification does), then serialising each entry canonically, then
 * hashing it (the app's computeAuditHashes, WebCrypto digests of a page awaited together, or @noble/hashes'
 * one-shot SHA-256). Runs on
 * the bench page's own thread, one pass per variant, so the figures are per entry without workers
 * competing for the two cores. Called by scripts/benchAuditProfile.mjs; prints nothing itself.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { DaichoDb } from '../../renderer/data/db';
import { bytesToHex } from '@noble/hashes/utils.js';
import { auditEntryCanonical, computeAuditHashes } from '../../shared/domain/auditRanges';
import type { AuditEntry } from '../../shared/domain/auditChain';
import { startAuditVerification } from '../../renderer/data/auditVerifier';

type Variant = 'read' | 'read+canonical' | 'read+canonical+hash' | 'read+canonical+webcrypto' | 'read+canonical+noble';

const PAGE = 5000;

/** Pages of entries by primary key, as the verification reads them (Dexie's getAll over a key range). */
async function pages(db: DaichoDb, from: number, to: number, onPage: (page: AuditEntry[]) => Promise<void> | void): Promise<void> {
  for (let start = from; ; ) {
    const page = await db.audit.where('seq').between(start, to, true, true).limit(PAGE).toArray();
    await onPage(page);
    if (page.length < PAGE) return;
    start = page.at(-1)!.seq + 1;
  }
}

async function profileAuditRead(variant: Variant, count: number): Promise<{ variant: Variant; entries: number; ms: number; usPerEntry: number; check: number }> {
  const db = new DaichoDb('daicho');
  await db.open();
  const first = ((await db.audit.orderBy('seq').firstKey()) as number | undefined) ?? 1;
  const to = first + count - 1;
  let entries = 0;
  let check = 0;
  const encoder = new TextEncoder();
  const started = performance.now();
  await pages(db, first, to, async (page) => {
    entries += page.length;
    if (variant === 'read') return;
    if (variant === 'read+canonical') for (const e of page) check += auditEntryCanonical(e).length;
    else if (variant === 'read+canonical+hash') check += computeAuditHashes(page).filter((h, i) => h === page[i]!.hash).length;
    else if (variant === 'read+canonical+webcrypto') {
      const digests = await Promise.all(page.map((e) => crypto.subtle.digest('SHA-256', encoder.encode(auditEntryCanonical(e)))));
      check += digests.filter((d, i) => bytesToHex(new Uint8Array(d)) === page[i]!.hash).length;
    }
    else for (const e of page) check += bytesToHex(sha256(encoder.encode(auditEntryCanonical(e)))) === e.hash ? 1 : 0;
  });
  const ms = performance.now() - started;
  db.close();
  return { variant, entries, ms, usPerEntry: (ms * 1000) / Math.max(1, entries), check };
}

/** The app's full verification (its workers, one per core) on the seeded database: time and where it went. */
async function verifyFull(): Promise<{ ms: number; ok: boolean; count: number; ranges: string }> {
  const db = new DaichoDb('daicho');
  await db.open();
  let ranges = '';
  const info = console.info;
  console.info = (line: string) => {
    if (typeof line === 'string' && line.startsWith('[audit] ranges ')) ranges = line.slice('[audit] ranges '.length);
  };
  const started = performance.now();
  const outcome = await startAuditVerification(db, () => {}).result;
  const ms = performance.now() - started;
  console.info = info;
  db.close();
  const chain = outcome.ok ? outcome.value.chain : null;
  return { ms, ok: chain?.ok ?? false, count: chain?.ok ? chain.count : -1, ranges };
}

Object.assign(window, { daichoAuditProfile: { profileAuditRead, verifyFull } });
