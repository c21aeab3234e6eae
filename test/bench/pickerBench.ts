/**
 * The asset picker's search at 100,000 assets (issue 14 item 5): time to fold the index once, and per
 * keystroke while someone types a 管理番号 or a name. Prints figures; asserts nothing.
 */
import { buildPickerIndex, pickAssets, type PickableAsset } from '../../shared/domain/pickAssets';
import { pickerIndexInSlices } from '../../renderer/components/pickerIndex';

const names = ['住民基本台帳', '市民税課税台帳', '入札予定価格調書', '審議中の会議資料', '広報原稿（公開済み）', '職員名簿', 'バックアップ用USBメモリ', '国民健康保険被保険者台帳'];

export async function runPickerBench(count = 100_000): Promise<void> {
  const assets: PickableAsset[] = Array.from({ length: count }, (_, i) => ({
    id: `id-${i}`,
    managementNumber: `SM-${String(i + 1).padStart(6, '0')}`,
    name: `${names[i % names.length]} ${i + 1}`,
    location: `本庁舎${(i % 5) + 1}階 書庫${String.fromCharCode(65 + (i % 26))}`,
    status: 'active',
    kind: i % 8 === 6 ? 'recordingMedium' : 'information',
  }));
  let start = performance.now();
  const index = buildPickerIndex(assets);
  console.log(`picker: index of ${count.toLocaleString('en-US')} assets built in ${(performance.now() - start).toFixed(0)} ms`);
  // As the picker builds it: in slices, the thread yielded between them (the longest slice is what a
  // person typing would feel); then again after an edit of one asset (only that one is folded again).
  const sliced = async (what: string, list: readonly PickableAsset[]) => {
    const gaps: number[] = [];
    const started = performance.now();
    let sliceStart = started;
    await pickerIndexInSlices(list, () => {
      gaps.push(performance.now() - sliceStart);
      sliceStart = performance.now();
      return false;
    });
    gaps.push(performance.now() - sliceStart);
    console.log(`picker: index in slices (${what}): ${(performance.now() - started).toFixed(0)} ms in all, ${gaps.length} slices, longest ${Math.max(...gaps).toFixed(1)} ms`);
  };
  const copies = assets.map((a) => ({ ...a }));
  await sliced('first', copies);
  await sliced('after one edit', [...copies.slice(0, -1), { ...copies.at(-1)!, name: '職員名簿' }]);
  for (const typed of ['SM-099999', '住民基本台帳 12', '書庫Z USB']) {
    // As the picker does: each keystroke narrows the previous result.
    const times: number[] = [];
    let previous: ReturnType<typeof pickAssets> | undefined;
    for (let n = 1; n <= typed.length; n++) {
      start = performance.now();
      previous = pickAssets(index, { text: typed.slice(0, n), limit: 200 }, previous);
      times.push(performance.now() - start);
    }
    const full = performance.now();
    pickAssets(index, { text: typed, limit: 200 });
    console.log(`picker: typing "${typed}": first keystroke ${times[0]!.toFixed(1)} ms, later ones max ${Math.max(...times.slice(1)).toFixed(1)} ms; the whole text searched at once ${(performance.now() - full).toFixed(1)} ms`);
  }
}
