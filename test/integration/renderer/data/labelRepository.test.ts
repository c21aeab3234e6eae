import { afterEach, describe, expect, it } from 'vitest';
import { listAudit } from '../../../../renderer/data/auditRepository';
import type { DaichoDb } from '../../../../renderer/data/db';
import { getPrintOffset, listLabelPrints, listLabelProfiles, recordLabelPrint, saveLabelProfile, savePrintOffset } from '../../../../renderer/data/labelRepository';
import { freshDb, operator } from './testDb';

let db: DaichoDb;
afterEach(() => db?.close());

const custom = {
  id: 'my-sheet', name: '庁内標準シート', templateId: 'custom', code: 'qr', codeContent: 'managementNumber', showName: true, showSection: true, showDate: false,
  customTemplate: { id: 'custom', name: '庁内標準', kind: 'sheet', page: { widthMm: 210, heightMm: 297 }, columns: 3, rows: 7, marginLeftMm: 5, marginTopMm: 10, pitchXMm: 66, pitchYMm: 38, labelWidthMm: 64, labelHeightMm: 36 },
};

describe('label profiles', () => {
  it('returns the bundled profiles, then saved ones; refuses a custom sheet that does not fit, naming the field', async () => {
    db = await freshDb();
    expect((await listLabelProfiles(db)).map((p) => p.id)).toEqual(['standard-24', 'small-65', 'tape-24']);
    expect(await saveLabelProfile(db, custom, operator())).toMatchObject({ ok: true });
    expect((await listLabelProfiles(db)).map((p) => p.id)).toEqual(['standard-24', 'small-65', 'tape-24', 'my-sheet']);
    expect(await saveLabelProfile(db, { ...custom, customTemplate: { ...custom.customTemplate, columns: 4 } }, operator())).toMatchObject({ ok: false, reason: 'invalid', field: 'customTemplate.columns' });
    expect(await saveLabelProfile(db, { ...custom, name: '' }, operator())).toMatchObject({ ok: false, reason: 'invalid', field: 'name' });
    expect((await listAudit(db)).map((e) => e.action)).toEqual(['label.profile']);
  });
});

describe('recordLabelPrint', () => {
  it('keeps what was printed, newest first, and audits it', async () => {
    db = await freshDb();
    const base = { actor: '山田', labelProfileId: 'standard-24', labelProfileName: '標準', templateId: 'a4-24', skip: 0, output: 'print' as const };
    await recordLabelPrint(db, { ...base, at: '2026-04-01T00:00:00Z', assetIds: ['a', 'b'] });
    await recordLabelPrint(db, { ...base, at: '2026-04-02T00:00:00Z', assetIds: ['c'], skip: 3, output: 'pdf' });
    expect((await listLabelPrints(db)).map((p) => p.assetIds)).toEqual([['c'], ['a', 'b']]);
    expect((await listAudit(db)).map((e) => e.detail.count)).toEqual([2, 1]);
  });
});

describe('printer offset', () => {
  it('is none until calibrated, saves a measured correction with an audit entry, and refuses one out of range unchanged', async () => {
    db = await freshDb();
    expect(await getPrintOffset(db)).toEqual({ xMm: 0, yMm: 0 });
    expect(await savePrintOffset(db, { xMm: -1.2, yMm: 0.8 }, operator())).toEqual({ ok: true, value: { xMm: -1.2, yMm: 0.8 } });
    expect(await getPrintOffset(db)).toEqual({ xMm: -1.2, yMm: 0.8 });
    expect(await savePrintOffset(db, { xMm: 9, yMm: 0 }, operator())).toMatchObject({ ok: false, reason: 'invalid' });
    expect(await getPrintOffset(db)).toEqual({ xMm: -1.2, yMm: 0.8 });
    expect((await listAudit(db)).map((e) => [e.action, e.detail])).toEqual([['label.offset', { before: { xMm: 0, yMm: 0 }, after: { xMm: -1.2, yMm: 0.8 } }]]);
  });
});
