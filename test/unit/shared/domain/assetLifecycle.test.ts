import { describe, expect, it } from 'vitest';
import { createAsset, diffAsset, retireAsset, reviseAsset } from '../../../../shared/domain/assetLifecycle';
import { assetInput } from '../../../fixtures/assets';

const created = createAsset(assetInput(), 'a1', { actor: '山田', now: '2026-04-01T00:00:00.000Z' });
const later = { actor: '佐藤', now: '2026-05-01T00:00:00.000Z' };

describe('createAsset', () => {
  it('returns an active, unclassified asset stamped with who and when', () => {
    expect(created).toMatchObject({ id: 'a1', status: 'active', classification: null, createdBy: '山田', updatedBy: '山田', createdAt: '2026-04-01T00:00:00.000Z' });
  });
});

describe('reviseAsset', () => {
  it('returns each changed field with old and new value and restamps the asset', () => {
    const { asset, changes } = reviseAsset(created, assetInput({ location: '別館1階', custodian: '課長補佐' }), later);
    expect(changes).toEqual([
      { field: 'location', label: '所在', from: '本庁舎3階 市民課', to: '別館1階' },
      { field: 'custodian', label: '管理者', from: '市民課長', to: '課長補佐' },
    ]);
    expect(asset.updatedBy).toBe('佐藤');
    expect(asset.createdBy).toBe('山田');
  });

  it('returns the same record and no changes when nothing changed', () => {
    const { asset, changes } = reviseAsset(created, assetInput(), later);
    expect(changes).toEqual([]);
    expect(asset).toBe(created);
  });
});

describe('retireAsset', () => {
  it('returns the asset as 廃止 with the status change', () => {
    const result = retireAsset(created, later);
    expect(result.ok && result.asset.status).toBe('retired');
    expect(result.ok && result.changes).toEqual([{ field: 'status', label: '状態', from: 'active', to: 'retired' }]);
  });

  it('returns not-active when the asset is already retired', () => {
    const retired = { ...created, status: 'retired' as const };
    expect(retireAsset(retired, later)).toEqual({ ok: false, reason: 'not-active' });
  });
});

describe('diffAsset', () => {
  it('returns no changes for identical assets and ignores timestamps', () => {
    expect(diffAsset(created, { ...created, updatedAt: 'x' })).toEqual([]);
  });
});
