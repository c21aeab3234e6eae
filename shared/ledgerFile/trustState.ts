/**
 * The central office's trust state for the `daicho` command (【07】第21–22条: keys managed so that
 * exchanged information can be verified; 【03】第10条: integrity of what comes in). The app keeps the
 * same facts in its database beside each trusted key; the CLI keeps them in one JSON file:
 *
 *   { "version": 1, "keys": { "ABCD-EFGH-JKLM": { "lastSequence": 12, "acceptedAt": "…", "revokedAt": null } } }
 *
 * per key ID the highest sequence number accepted (an older or equal one is a replay) and whether the
 * key is revoked (its ledgers are refused from then on). Entries and the file keep fields this version
 * does not know, so a newer build can add one (the audit chain head) without an older build erasing it.
 * Pure functions only: reading and writing the file (atomically) is the CLI's job.
 */
import { z } from 'zod';
import { withoutBom } from './keyFiles';
import type { TrustedKey } from './importLedger';
import { auditHeadMessages, checkAuditHead, type AuditAnchorInFile, type AuditHeadCheck } from '../domain/auditLog';

export const TRUST_STATE_VERSION = 1;

/** A key ID as `keyFingerprint` writes it: three groups of four from its 32-letter alphabet. */
/** A key ID: 20 characters in groups of four, or the 12-character form older ledgers carry. */
export const keyIdPattern = /^[2-9A-HJ-NP-Z]{4}(?:-[2-9A-HJ-NP-Z]{4}){2}(?:(?:-[2-9A-HJ-NP-Z]{4}){2})?$/;

const timestamp = z.string().max(40);

const entrySchema = z.looseObject({
  /** The highest sequence number accepted from this key; 0 when none was accepted yet. */
  lastSequence: z.number().int().nonnegative(),
  /** When `lastSequence` was accepted (null before the first). */
  acceptedAt: timestamp.nullable().default(null),
  /** When the key was revoked; null while it is valid. */
  revokedAt: timestamp.nullable(),
});

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

/** The last audit tree head seen from one section's terminal (【07】第17条: its log kept off the terminal). */
const terminalSchema = z.looseObject({
  auditHead: z.object({ size: z.number().int().min(0).max(2 ** 40), rootHash: hex64 }),
  seenAt: timestamp,
});

const stateSchema = z.looseObject({
  version: z.literal(TRUST_STATE_VERSION),
  keys: z.record(z.string().regex(keyIdPattern), entrySchema),
  /** By organisation and section of the trusted key (not of the file): a key rotation keeps the history. */
  terminals: z.record(z.string().min(1).max(400), terminalSchema).default({}),
});

export type TrustStateEntry = z.output<typeof entrySchema>;
export type TrustState = z.output<typeof stateSchema>;

export type TrustStateFailure = 'not-state-file' | 'newer-version';

/** A state with no key yet (the file did not exist). */
export function emptyTrustState(): TrustState {
  return { version: TRUST_STATE_VERSION, keys: {}, terminals: {} };
}

/** Parses a state file's text; anything that is not a state file of this version is refused. */
export function parseTrustState(text: string): { ok: true; state: TrustState } | { ok: false; reason: TrustStateFailure } {
  // Thousands of keys fit in far less; a huge file is not ours.
  if (text.length > 5_000_000) return { ok: false, reason: 'not-state-file' };
  let json: unknown;
  try {
    json = JSON.parse(withoutBom(text));
  } catch {
    return { ok: false, reason: 'not-state-file' };
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > TRUST_STATE_VERSION) return { ok: false, reason: 'newer-version' };
  const parsed = stateSchema.safeParse(json);
  return parsed.success ? { ok: true, state: parsed.data } : { ok: false, reason: 'not-state-file' };
}

/** The file's text: indented JSON, keys in a stable order so two states compare line by line. */
export function trustStateText(state: TrustState): string {
  const keys = Object.fromEntries(Object.entries(state.keys).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return `${JSON.stringify({ ...state, keys }, null, 2)}\n`;
}

/**
 * The trusted keys with the state's revocation and last sequence applied, so the import checks
 * (`checkLedger`, `verifyLedgerFile`) refuse revoked keys and replays exactly as the app does.
 */
export function applyTrustState(keys: readonly TrustedKey[], state: TrustState): TrustedKey[] {
  return keys.map((key) => {
    // An entry under the key's 12-character form (a revoke typed from an older ledger) counts too.
    const entries = [key.keyId, key.keyId.slice(0, 14)].filter((id, i, ids) => ids.indexOf(id) === i && Object.hasOwn(state.keys, id)).map((id) => state.keys[id]!);
    if (entries.length === 0) return key;
    const revokedAt = key.revokedAt ?? entries.map((e) => e.revokedAt).filter((at): at is string => at !== null).sort()[0] ?? null;
    return { ...key, lastSequence: Math.max(key.lastSequence, ...entries.map((e) => e.lastSequence)), revokedAt };
  });
}

/**
 * Records that `sequence` from `keyId` was accepted at `now`. The last sequence only ever rises, so
 * recording an older ledger afterwards cannot reopen the door to replays.
 */
export function recordAccepted(state: TrustState, keyId: string, sequence: number, now: string): TrustState {
  const entry = Object.hasOwn(state.keys, keyId) ? state.keys[keyId] : undefined;
  if (entry && entry.lastSequence >= sequence) return state;
  return { ...state, keys: { ...state.keys, [keyId]: { ...entry, lastSequence: sequence, acceptedAt: now, revokedAt: entry?.revokedAt ?? null } } };
}

/**
 * Marks a key revoked at `now` (a key not seen yet gets an entry, so it is refused from its first
 * ledger on). An earlier revocation keeps its date.
 */
export function revokeKey(state: TrustState, keyId: string, now: string): { state: TrustState; revokedAt: string; already: boolean } {
  const entry = Object.hasOwn(state.keys, keyId) ? state.keys[keyId] : undefined;
  if (entry?.revokedAt) return { state, revokedAt: entry.revokedAt, already: true };
  const next: TrustStateEntry = { lastSequence: 0, acceptedAt: null, ...entry, revokedAt: now };
  return { state: { ...state, keys: { ...state.keys, [keyId]: next } }, revokedAt: now, already: false };
}

/** The name a section's terminal has in the state: the trusted key's organisation and section. */
export const terminalName = (key: { organisation: string; section: string }) => `${key.organisation} ${key.section}`;

export type AuditStateCheck = AuditHeadCheck | { ok: false; reason: 'anchor-missing' };

/**
 * Whether a verified ledger's audit anchor extends the head last seen from the same section's terminal.
 * A file without an anchor is refused once a head is known (a terminal that carried one stops doing so
 * only if its log was replaced); before that, nothing is known to compare with.
 */
export function checkTerminalAudit(state: TrustState, terminal: string, anchor: AuditAnchorInFile | undefined): AuditStateCheck {
  const known = Object.hasOwn(state.terminals, terminal) ? state.terminals[terminal]!.auditHead : null;
  if (!anchor) return known ? { ok: false, reason: 'anchor-missing' } : { ok: true };
  return checkAuditHead(known, anchor);
}

/** Remembers the head a verified ledger carried (only ever forward: `checkTerminalAudit` passed first). */
export function recordAuditHead(state: TrustState, terminal: string, anchor: AuditAnchorInFile | undefined, now: string): TrustState {
  if (!anchor) return state;
  return { ...state, terminals: { ...state.terminals, [terminal]: { auditHead: { size: anchor.size, rootHash: anchor.rootHash }, seenAt: now } } };
}

/** What a failed audit check means for the central office, and what to do. */
export function auditStateMessage(check: Exclude<AuditStateCheck, { ok: true }>, terminal: string): string {
  const what = check.reason === 'anchor-missing' ? 'この台帳には監査ログの先頭が含まれていません（以前の書出しには含まれていました）。' : auditHeadMessages[check.reason];
  return `${terminal} の${what}署名は正しくても、端末の監査ログが改ざん・削除されたおそれがあります。その課に監査ログ画面での検証を依頼し、経緯を確認してください（状態ファイルは変更していません）。`;
}

/** What went wrong with a state file, and what to do next. */
export const trustStateMessages: Record<TrustStateFailure, string> = {
  'not-state-file': 'Daichō の状態ファイルではないか、壊れています。ファイルを確かめるか、バックアップから戻してください（上書きはしていません）。',
  'newer-version': 'この状態ファイルは新しい版の daicho で作られています。新しい版の daicho を使ってください（上書きはしていません）。',
};
