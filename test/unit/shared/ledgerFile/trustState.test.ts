import { describe, expect, it } from 'vitest';
import type { TrustedKey } from '../../../../shared/ledgerFile/importLedger';
import { secretKeySigner, keyFingerprint } from '../../../../shared/ledgerFile/signature';
import {
  applyTrustState,
  auditStateMessage,
  checkTerminalAudit,
  emptyTrustState,
  keyIdPattern,
  parseTrustState,
  recordAccepted,
  recordAuditHead,
  revokeKey,
  trustStateText,
  type TrustState,
} from '../../../../shared/ledgerFile/trustState';

const keyId = keyFingerprint(secretKeySigner(new Uint8Array(32).fill(7)).publicKey);
const otherId = keyFingerprint(secretKeySigner(new Uint8Array(32).fill(9)).publicKey);
const trusted = (id: string): TrustedKey => ({ keyId: id, publicKey: 'ab'.repeat(32), organisation: '西宮市', section: '市民課', addedAt: '', addedBy: '', revokedAt: null, revokedBy: null, lastSequence: 0 });
const state = (keys: TrustState['keys'], terminals: TrustState['terminals'] = {}): TrustState => ({ version: 1, keys, terminals });

describe('keyIdPattern', () => {
  it.each([
    [keyId, true],
    ['ABCD-EFGH-JKLM', true],
    ['abcd-efgh-jklm', false],
    ['ABCD-EFGH-JKL0', false], // 0, 1, I and O are not in the alphabet
    ['ABCD-EFGH-JKLI', false],
    ['ABCDEFGHJKLM', false],
    ['ABCD-EFGH-JKLM-', false],
    ['ABCD-EFGH-JKLM-NPQR', false], // 16 characters: neither form
    ['../../etc/passwd', false],
    ['__proto__', false],
  ])('accepts %s: %s', (text, ok) => {
    expect(keyIdPattern.test(text)).toBe(ok);
  });
});

describe('parseTrustState', () => {
  it('returns the state written by trustStateText, unknown fields kept (a later build adds one)', () => {
    const written = trustStateText({ version: 1, keys: { [keyId]: { lastSequence: 12, acceptedAt: '2026-11-22T03:00:00.000Z', revokedAt: null, laterField: 'ab12' } }, terminals: {} });
    const parsed = parseTrustState(written);
    expect(parsed).toEqual({ ok: true, state: { version: 1, keys: { [keyId]: { lastSequence: 12, acceptedAt: '2026-11-22T03:00:00.000Z', revokedAt: null, laterField: 'ab12' } }, terminals: {} } });
    expect(parsed.ok && trustStateText(parsed.state)).toBe(written);
  });

  it('fills acceptedAt with null for an entry written without it', () => {
    expect(parseTrustState(JSON.stringify({ version: 1, keys: { [keyId]: { lastSequence: 3, revokedAt: null } } }))).toEqual({ ok: true, state: state({ [keyId]: { lastSequence: 3, acceptedAt: null, revokedAt: null } }) });
  });

  it.each<[string, string, string]>([
    ['not JSON', '{"version":1,', 'not-state-file'],
    ['an empty file', '', 'not-state-file'],
    ['JSON null', 'null', 'not-state-file'],
    ['an array', '[]', 'not-state-file'],
    ['a public key file', JSON.stringify({ format: 'daicho-public-key/1', keyId }), 'not-state-file'],
    ['version 0', JSON.stringify({ version: 0, keys: {} }), 'not-state-file'],
    ['a newer version', JSON.stringify({ version: 2, keys: {} }), 'newer-version'],
    ['a negative sequence', JSON.stringify({ version: 1, keys: { [keyId]: { lastSequence: -1, revokedAt: null } } }), 'not-state-file'],
    ['a fractional sequence', JSON.stringify({ version: 1, keys: { [keyId]: { lastSequence: 1.5, revokedAt: null } } }), 'not-state-file'],
    ['a sequence as text', JSON.stringify({ version: 1, keys: { [keyId]: { lastSequence: '9', revokedAt: null } } }), 'not-state-file'],
    ['a key that is not a key ID', JSON.stringify({ version: 1, keys: { 'not-a-key': { lastSequence: 1, revokedAt: null } } }), 'not-state-file'],
    ['revokedAt missing', JSON.stringify({ version: 1, keys: { [keyId]: { lastSequence: 1 } } }), 'not-state-file'],
    ['a huge file', `{"version":1,"keys":{},"x":"${'a'.repeat(5_000_001)}"}`, 'not-state-file'],
  ])('refuses %s', (_name, text, reason) => {
    expect(parseTrustState(text)).toEqual({ ok: false, reason });
  });
});

describe('parseTrustState and prototype keys', () => {
  it('returns no entry and no changed prototype for a "__proto__" key', () => {
    const parsed = parseTrustState('{"version":1,"keys":{"__proto__":{"lastSequence":1,"revokedAt":"x"}}}');
    expect(parsed.ok && Object.keys(parsed.state.keys)).toEqual([]);
    expect(parsed.ok && Object.getPrototypeOf(parsed.state.keys)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).lastSequence).toBeUndefined();
  });
});

describe('trustStateText', () => {
  it('writes the keys in a stable order whatever order they were added in', () => {
    const a = recordAccepted(recordAccepted(emptyTrustState(), keyId, 1, 't'), otherId, 2, 't');
    const b = recordAccepted(recordAccepted(emptyTrustState(), otherId, 2, 't'), keyId, 1, 't');
    expect(trustStateText(a)).toBe(trustStateText(b));
    expect(trustStateText(a).endsWith('}\n')).toBe(true);
  });
});

describe('applyTrustState', () => {
  it('returns the keys with the recorded revocation and last sequence; keys without an entry unchanged', () => {
    const applied = applyTrustState([trusted(keyId), trusted(otherId)], state({ [keyId]: { lastSequence: 8, acceptedAt: 't', revokedAt: '2026-11-01T00:00:00.000Z' } }));
    expect(applied.map((k) => [k.keyId, k.lastSequence, k.revokedAt])).toEqual([[keyId, 8, '2026-11-01T00:00:00.000Z'], [otherId, 0, null]]);
  });

  it('applies an entry recorded under the key\'s 12-character form (revoked from an older ledger) to the full ID', () => {
    const legacy = keyId.slice(0, 14);
    const applied = applyTrustState([trusted(keyId)], state({ [legacy]: { lastSequence: 3, acceptedAt: null, revokedAt: '2026-10-01T00:00:00.000Z' }, [keyId]: { lastSequence: 7, acceptedAt: 't', revokedAt: null } }));
    expect(applied.map((k) => [k.lastSequence, k.revokedAt])).toEqual([[7, '2026-10-01T00:00:00.000Z']]);
  });

  it('never lowers a sequence the key already carries', () => {
    expect(applyTrustState([{ ...trusted(keyId), lastSequence: 20 }], state({ [keyId]: { lastSequence: 8, acceptedAt: 't', revokedAt: null } }))[0]!.lastSequence).toBe(20);
  });
});

describe('recordAccepted', () => {
  it('returns a state with the new sequence and when it was accepted, creating the entry', () => {
    expect(recordAccepted(emptyTrustState(), keyId, 5, '2026-11-22T03:00:00.000Z').keys[keyId]).toEqual({ lastSequence: 5, acceptedAt: '2026-11-22T03:00:00.000Z', revokedAt: null });
  });

  it.each([4, 5])('returns the state unchanged for an older or equal sequence (%i after 5)', (sequence) => {
    const five = recordAccepted(emptyTrustState(), keyId, 5, 'first');
    expect(recordAccepted(five, keyId, sequence, 'later')).toBe(five);
  });

  it('keeps a revocation and unknown fields of the entry', () => {
    const before = state({ [keyId]: { lastSequence: 1, acceptedAt: null, revokedAt: 'r', auditHead: 'x' } });
    expect(recordAccepted(before, keyId, 2, 't').keys[keyId]).toEqual({ lastSequence: 2, acceptedAt: 't', revokedAt: 'r', auditHead: 'x' });
  });
});

describe('revokeKey', () => {
  it('returns a state with the key revoked now, keeping its last sequence', () => {
    const before = recordAccepted(emptyTrustState(), keyId, 9, 't');
    const result = revokeKey(before, keyId, '2026-11-22T03:00:00.000Z');
    expect(result).toEqual({ state: state({ [keyId]: { lastSequence: 9, acceptedAt: 't', revokedAt: '2026-11-22T03:00:00.000Z' } }), revokedAt: '2026-11-22T03:00:00.000Z', already: false });
    expect(before.keys[keyId]!.revokedAt).toBeNull();
  });

  it('creates an entry for a key never seen, so its first ledger is refused', () => {
    expect(revokeKey(emptyTrustState(), otherId, 'now').state.keys[otherId]).toEqual({ lastSequence: 0, acceptedAt: null, revokedAt: 'now' });
  });

  it('keeps the first revocation date when a key is revoked again', () => {
    const once = revokeKey(emptyTrustState(), keyId, 'first').state;
    expect(revokeKey(once, keyId, 'second')).toEqual({ state: once, revokedAt: 'first', already: true });
  });
});

describe('checkTerminalAudit / recordAuditHead', () => {
  const root = (n: number) => n.toString(16).padStart(64, '0');
  const anchor = (size: number, rootHash = root(size)) => ({ format: 'daicho-audit-head/1' as const, size, rootHash, head: { seq: size, hash: root(size + 1000) }, proofs: [] });
  const terminal = '西宮市 市民課';

  it('accepts the first anchor from a terminal and a file without one before any head is known', () => {
    expect(checkTerminalAudit(emptyTrustState(), terminal, anchor(10))).toEqual({ ok: true });
    expect(checkTerminalAudit(emptyTrustState(), terminal, undefined)).toEqual({ ok: true });
  });

  it('refuses a log that went backwards, a fork at the same size, an anchor without a proof from the known head, and a missing anchor once one was seen', () => {
    const seen = recordAuditHead(emptyTrustState(), terminal, anchor(10), '2026-11-29T00:00:00.000Z');
    expect(seen.terminals[terminal]).toEqual({ auditHead: { size: 10, rootHash: root(10) }, seenAt: '2026-11-29T00:00:00.000Z' });
    expect(checkTerminalAudit(seen, terminal, anchor(8))).toEqual({ ok: false, reason: 'went-backwards' });
    expect(checkTerminalAudit(seen, terminal, anchor(10, root(99)))).toEqual({ ok: false, reason: 'forked' });
    expect(checkTerminalAudit(seen, terminal, anchor(12))).toEqual({ ok: false, reason: 'lost-entries' });
    expect(checkTerminalAudit(seen, terminal, undefined)).toEqual({ ok: false, reason: 'anchor-missing' });
    expect(checkTerminalAudit(seen, '西宮市 税務課', anchor(3))).toEqual({ ok: true });
    expect(auditStateMessage({ ok: false, reason: 'went-backwards' }, terminal)).toContain('西宮市 市民課 の監査ログの記録数が、前回確認したときより減っています');
  });

  it('keeps the state as it was for a file without an anchor, and survives a write and a read', () => {
    const seen = recordAuditHead(emptyTrustState(), terminal, anchor(10), 't');
    expect(recordAuditHead(seen, terminal, undefined, 'later')).toBe(seen);
    expect(parseTrustState(trustStateText(seen))).toEqual({ ok: true, state: seen });
  });
});
