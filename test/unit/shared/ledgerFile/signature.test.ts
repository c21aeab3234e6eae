import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../../../shared/domain/canonicalJson';
import { auditAnchorForExport, buildAuditTree, type AuditAnchorInFile } from '../../../../shared/domain/auditLog';
import { readLedgerWorkbook, writeLedgerWorkbook } from '../../../../shared/ledgerFile/ledgerWorkbook';
import { secretKeySigner, signLedger, verifyLedger, type SignedPart } from '../../../../shared/ledgerFile/signature';

const secret = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const signer = secretKeySigner(secret);
const header = ['管理番号', '名称'];
const rows = [['SM-00001', '住民基本台帳'], ['SM-00002', 'USBメモリ']];
const meta = { organisation: '西宮市', section: '市民課', sequence: 4, exportedAt: '2026-11-22T00:00:00.000Z', profileId: 'nishinomiya', appVersion: 'test' };
const entryHashes = Array.from({ length: 9 }, (_, i) => bytesToHex(utf8ToBytes(String(i).padStart(32, '0'))));
const anchor: AuditAnchorInFile = auditAnchorForExport(buildAuditTree(entryHashes), entryHashes[8]!, [5]);

describe('signLedger with the audit anchor', () => {
  it('returns a signed part carrying the anchor, which verifies', async () => {
    const signed = await signLedger(header, rows, meta, signer, anchor);
    expect(signed.audit).toEqual(anchor);
    expect(await verifyLedger(header, rows, signed)).toMatchObject({ ok: true });
  });

  it('returns no audit field when none is given, with exactly the bytes earlier builds signed', async () => {
    const signed = await signLedger(header, rows, meta, signer);
    expect('audit' in signed).toBe(false);
    // The signed bytes of earlier builds: { meta, header, rowsHash, rowChecks } only.
    const legacyBytes = utf8ToBytes(canonicalJson({ meta: signed.meta, header, rowsHash: signed.rowsHash, rowChecks: signed.rowChecks }));
    expect(signed.signature).toBe(bytesToHex(ed25519.sign(legacyBytes, secret)));
    expect(await verifyLedger(header, rows, signed)).toMatchObject({ ok: true });
  });

  it.each<[string, (s: SignedPart) => void]>([
    ['the head moved back', (s) => { s.audit!.size = 3; s.audit!.head.seq = 3; }],
    ['the root replaced', (s) => (s.audit!.rootHash = 'b'.repeat(64))],
    ['a proof dropped', (s) => (s.audit!.proofs = [])],
    ['the whole anchor removed', (s) => delete s.audit],
  ])('returns bad-signature when %s after signing', async (_name, tamper) => {
    const signed = structuredClone(await signLedger(header, rows, meta, signer, anchor));
    tamper(signed);
    expect(await verifyLedger(header, rows, signed)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('returns bad-signature when an anchor is added to a ledger signed without one', async () => {
    const signed = { ...(await signLedger(header, rows, meta, signer)), audit: anchor };
    expect(await verifyLedger(header, rows, signed)).toEqual({ ok: false, reason: 'bad-signature' });
  });
});

describe('the anchor in the workbook', () => {
  it('returns the anchor unchanged after writing and reading the workbook', async () => {
    const signed = await signLedger(header, rows, meta, signer, anchor);
    const read = readLedgerWorkbook(writeLedgerWorkbook(header, rows, signed));
    if (!read.ok) throw new Error(read.reason);
    expect(read.signed.audit).toEqual(anchor);
    expect(await verifyLedger(read.header, read.rows, read.signed)).toMatchObject({ ok: true });
  });

  it.each<[string, (a: Record<string, unknown>) => void]>([
    ['a proof of 500 hashes', (a) => ((a.proofs as { hashes: string[] }[])[0]!.hashes = Array.from({ length: 500 }, () => 'c'.repeat(64)))],
    ['a negative size', (a) => (a.size = -1)],
    ['an unknown format', (a) => (a.format = 'daicho-audit-head/9')],
  ])('refuses a workbook whose anchor has %s (not-daicho)', async (_name, tamper) => {
    const signed = structuredClone(await signLedger(header, rows, meta, signer, anchor)) as unknown as { audit: Record<string, unknown> };
    tamper(signed.audit);
    expect(readLedgerWorkbook(writeLedgerWorkbook(header, rows, signed as unknown as SignedPart))).toMatchObject({ ok: false, reason: 'not-daicho' });
  });
});
