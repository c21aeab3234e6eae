/**
 * The UI thread's sliced work before a restore: the sliced parse must accept and refuse exactly what
 * parseBackupContent does (it replaces it on the UI thread), whatever the slice size.
 */
import { describe, expect, it } from 'vitest';
import { mapInSlices, parseBackupContentInSlices } from '../../../../renderer/data/inSlices';
import { parseBackupContent, type BackupContent } from '../../../../shared/backup/backupContent';
import { makeAssets } from '../../../fixtures/assets';

const empty = { assets: [], history: [], audit: [], settings: [], labelPrints: [], accounts: [], takeOuts: [], disposals: [], trustedKeys: [], exceptions: [], stockTakes: [], stockTakeScans: [] };
const content = (tables: Record<string, unknown> = {}): unknown => ({ organisation: '西宮市', section: '市民課', tables: { ...empty, ...tables } });
const assets = makeAssets(7) as unknown as Record<string, unknown>[];

describe('parseBackupContentInSlices', () => {
  it.each([
    ['a valid backup', content({ assets })],
    ['a backup of an older schema without the later tables', { organisation: '西宮市', section: '市民課', tables: { assets, history: [], audit: [], settings: [] } }],
    ['a bad asset in the last slice', content({ assets: [...assets, { ...assets[0], id: 5 }] })],
    ['an asset with a 30,000-character note', content({ assets: [{ ...assets[0], note: 'x'.repeat(30_000) }] })],
    ['a table that is not an array', content({ history: 'x' })],
    ['more accounts than a section can have', content({ accounts: Array.from({ length: 1_001 }, () => ({})) })],
    ['no tables', { organisation: '西宮市', section: '市民課' }],
    ['null', null],
    ['an organisation of 201 characters', { ...(content() as object), organisation: 'x'.repeat(201) }],
    ['an asset id twice, the second in a later slice', content({ assets: [...assets, { ...assets[0], managementNumber: 'SM-999999' }] })],
    ['a 管理番号 twice', content({ assets: [...assets, { ...assets[6], id: 'another' }] })],
  ])('returns what parseBackupContent returns for %s', async (_name, raw) => {
    const whole = parseBackupContent(raw);
    for (const size of [1, 3, 2_000]) {
      const sliced = await parseBackupContentInSlices(raw, size);
      expect(sliced.ok).toBe(whole.ok);
      if (whole.ok && sliced.ok) expect(sliced.content).toEqual(whole.content);
      if (!whole.ok && !sliced.ok && whole.table !== null) expect(sliced.table).toBe(whole.table);
    }
  });

  it('returns copies with every record of every table', async () => {
    const parsed = await parseBackupContentInSlices(content({ assets }), 2);
    expect(parsed.ok && (parsed.content as BackupContent).tables.assets).toEqual(assets);
  });
});

describe('mapInSlices', () => {
  it.each([0, 1, 5, 6, 7])('maps %i items in order, across slices of 3', async (count) => {
    const items = Array.from({ length: count }, (_, i) => i);
    expect(await mapInSlices(items, (i) => i * 2, 3)).toEqual(items.map((i) => i * 2));
  });
});
