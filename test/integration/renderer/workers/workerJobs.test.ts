/**
 * The job bodies the ledger worker runs, called through the client where no Worker exists (Node), so
 * the same code path the app's worker takes is exercised: export then import of the same ledger,
 * backup write then read, and the refusals a job can end with.
 */
import { describe, expect, it } from 'vitest';
import { runWorkerJob } from '../../../../renderer/workers/workerClient';
import { nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { keyFingerprint, secretKeySigner } from '../../../../shared/ledgerFile/signature';
import type { TrustedKey } from '../../../../shared/ledgerFile/importLedger';
import type { BackupContent } from '../../../../shared/backup/backupContent';
import { makeAsset } from '../../../fixtures/assets';

const signer = secretKeySigner(Uint8Array.from({ length: 32 }, (_, i) => i + 3));
const sign = async (publicKey: string, message: Uint8Array) => {
  expect(publicKey).toBe(signer.publicKey);
  return signer.sign(message);
};
const trusted: TrustedKey = {
  keyId: keyFingerprint(signer.publicKey), publicKey: signer.publicKey, organisation: '西宮市', section: '市民課',
  addedAt: '2026-04-01T00:00:00.000Z', addedBy: '山田 花子', revokedAt: null, revokedBy: null, lastSequence: 0,
};
const assets = [makeAsset(0), makeAsset(1), makeAsset(2)];
const exportInput = {
  assets, profile: nishinomiyaProfile, organisation: '西宮市', section: '市民課', sequence: 4, exportedAt: '2026-11-29T00:00:00.000Z', appVersion: 'test', publicKey: signer.publicKey, password: null,
};
const emptyContent: BackupContent = {
  organisation: '西宮市', section: '市民課',
  tables: { assets: [], history: [], audit: [], settings: [], labelPrints: [], accounts: [], takeOuts: [], disposals: [], trustedKeys: [], exceptions: [], stockTakes: [], stockTakeScans: [] },
};

describe('exportLedger and openLedger jobs', () => {
  it('exports a signed workbook that the import job verifies, with progress in order and the difference against the ledger', async () => {
    const stages: number[] = [];
    const exported = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, sign, onProgress: (p) => stages.push(p.fraction) });
    if (!exported.ok) throw new Error(exported.reason);
    expect(exported.value.signed.meta).toMatchObject({ sequence: 4, rowCount: 3, keyId: trusted.keyId });
    expect(stages).toEqual([...stages].sort((a, b) => a - b));
    expect(stages.at(-1)).toBeGreaterThan(0);

    const opened = await runWorkerJob('openLedger', { bytes: exported.value.bytes, trusted: [trusted], profile: nishinomiyaProfile, current: assets.slice(0, 2) }, { createWorker: undefined });
    if (!opened.ok || !opened.value.ok) throw new Error('import refused');
    expect(opened.value.rows.map((r) => r.input.managementNumber)).toEqual(assets.map((a) => a.managementNumber).sort());
    expect(opened.value.diff.added.map((a) => a.managementNumber)).toEqual([assets[2]!.managementNumber]);
  });

  it('refuses a file from an unknown signer as a value naming the signer, not a crash', async () => {
    const exported = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, sign });
    if (!exported.ok) throw new Error(exported.reason);
    const opened = await runWorkerJob('openLedger', { bytes: exported.value.bytes, trusted: [], profile: nishinomiyaProfile, current: [] }, { createWorker: undefined });
    expect(opened).toMatchObject({ ok: true, value: { ok: false, refusal: { reason: 'unknown-signer', publicKey: signer.publicKey } } });
  });

  it.each([
    ['random bytes', new Uint8Array(64).fill(7)],
    ['an empty file', new Uint8Array(0)],
    ['a zip signature and nothing else', new Uint8Array([0x50, 0x4b, 0x03, 0x04])],
  ])('refuses %s as a file refusal', async (_name, bytes) => {
    const opened = await runWorkerJob('openLedger', { bytes, trusted: [trusted], profile: nishinomiyaProfile, current: [] }, { createWorker: undefined });
    expect(opened.ok && opened.value.ok).toBe(false);
  });

  it('returns signing-failed with the signer’s message when the key cannot sign', async () => {
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, sign: async () => { throw new Error('鍵がありません'); } });
    expect(result).toEqual({ ok: false, reason: 'signing-failed', detail: '鍵がありません' });
  });

  it('returns worker-crashed when the job throws on input it cannot handle', async () => {
    const result = await runWorkerJob('readBackup', { bytes: undefined as never, password: 'x', schemaVersion: 6, acceptedKeys: [] }, { createWorker: undefined });
    expect(result).toMatchObject({ ok: false, reason: 'worker-crashed' });
  });

  it('returns worker-timeout when the job ran past its budget', async () => {
    const result = await runWorkerJob('exportLedger', exportInput, { createWorker: undefined, sign: async (key, m) => (await new Promise((r) => setTimeout(r, 30)), sign(key, m)), timeoutMs: 5 });
    expect(result).toMatchObject({ ok: false, reason: 'worker-timeout' });
  });
});

describe('writeBackup and readBackup jobs', () => {
  const kdf = { N: 2 ** 10, r: 8, p: 1 };
  const write = () => runWorkerJob('writeBackup', { content: emptyContent, password: 'バックアップ用の長いパスワード', appVersion: 'test', schemaVersion: 6, createdAt: '2026-11-29T00:00:00.000Z', keyId: trusted.keyId, publicKey: signer.publicKey, kdf }, { createWorker: undefined, sign });

  it('reads back what it wrote, with the audit chain checked', async () => {
    const written = await write();
    if (!written.ok) throw new Error(written.reason);
    const read = await runWorkerJob('readBackup', { bytes: written.value.bytes, password: 'バックアップ用の長いパスワード', schemaVersion: 6, acceptedKeys: [signer.publicKey] }, { createWorker: undefined });
    expect(read).toMatchObject({ ok: true, value: { ok: true, auditIntact: true, content: { section: '市民課' } } });
  });

  it.each([
    ['a wrong password', 'ちがうパスワードですちがうパスワード', [signer.publicKey], 'wrong-password'],
    ['a key the section does not hold', 'バックアップ用の長いパスワード', ['cd'.repeat(32)], 'unknown-signer'],
  ])('refuses %s as a value', async (_name, password, acceptedKeys, reason) => {
    const written = await write();
    if (!written.ok) throw new Error(written.reason);
    const read = await runWorkerJob('readBackup', { bytes: written.value.bytes, password, schemaVersion: 6, acceptedKeys }, { createWorker: undefined });
    expect(read).toEqual({ ok: true, value: { ok: false, reason } });
  });
});
