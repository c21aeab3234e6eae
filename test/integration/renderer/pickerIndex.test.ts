/** The asset picker's index built in slices (renderer/components/pickerIndex.ts). */
import { describe, expect, it } from 'vitest';
import { pickerIndexInSlices } from '../../../renderer/components/pickerIndex';
import { buildPickerIndex, type PickableAsset } from '../../../shared/domain/pickAssets';

const assets = (count: number, from = 0): PickableAsset[] =>
  Array.from({ length: count }, (_, i) => ({ id: `id-${from + i}`, managementNumber: `ＳＭ－${from + i}`, name: `住民基本台帳 ${i}`, location: `本庁舎 ${i % 5}階`, status: 'active', kind: 'information' }));

describe('pickerIndexInSlices', () => {
  it('gives the same index as building it at once, in the same order', async () => {
    const list = assets(3_000);
    const built = await pickerIndexInSlices(list, () => false, 0);
    expect(built).toEqual(buildPickerIndex(list));
  });

  it('stops and gives nothing when cancelled between slices', async () => {
    let checks = 0;
    // A zero budget makes every 256 assets a slice: the second check comes after 512 of 3,000.
    const built = await pickerIndexInSlices(assets(3_000), () => ++checks >= 2, 0);
    expect(built).toBeNull();
    expect(checks).toBe(2);
  });

  it('folds an unchanged record once and a replaced record again', async () => {
    const list = assets(3);
    const first = (await pickerIndexInSlices(list, () => false))!;
    const edited = { ...list[1]!, name: '職員名簿' };
    const second = (await pickerIndexInSlices([list[0]!, edited, list[2]!], () => false))!;
    expect(second[0]).toBe(first[0]);
    expect(second[2]).toBe(first[2]);
    expect(second[1]).not.toBe(first[1]);
    expect(second[1]!.text).toContain('職員名簿');
  });
});
