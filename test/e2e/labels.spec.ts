import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { bundledTemplates, labelBoxes } from '../../shared/labels/labelTemplate';
import { completeSetup, expect, registerAsset, test } from './fixtures';

const PX_PER_MM = 300 / 25.4;

/** Renders page 1 of a PDF to an 8-bit grey image at 300 dpi (poppler's pdftoppm). */
function rasterise(pdfPath: string): { width: number; height: number; pixels: Uint8Array } {
  execFileSync('pdftoppm', ['-r', '300', '-gray', '-f', '1', '-l', '1', pdfPath, pdfPath.replace(/\.pdf$/, '')]);
  const data = readFileSync(pdfPath.replace(/\.pdf$/, '-1.pgm'));
  const header = data.subarray(0, 40).toString('latin1').split(/\s+/);
  const [magic, width, height, max] = header;
  expect(magic).toBe('P5');
  expect(max).toBe('255');
  const offset = data.indexOf(0x0a, data.indexOf('255') ) + 1;
  return { width: Number(width), height: Number(height), pixels: data.subarray(offset) };
}

/** The position (mm) of the darkest line near `aroundMm`, scanning columns (vertical line) or rows. */
function findLine(image: ReturnType<typeof rasterise>, vertical: boolean, aroundMm: number, spanFromMm: number, spanToMm: number): { atMm: number; darkness: number } {
  let best = { atMm: Number.NaN, darkness: -1 };
  const from = Math.round((aroundMm - 0.8) * PX_PER_MM);
  const to = Math.round((aroundMm + 0.8) * PX_PER_MM);
  const spanFrom = Math.round(spanFromMm * PX_PER_MM);
  const spanTo = Math.round(spanToMm * PX_PER_MM);
  for (let line = from; line <= to; line++) {
    let darkness = 0;
    for (let along = spanFrom; along < spanTo; along++) {
      const x = vertical ? line : along;
      const y = vertical ? along : line;
      if (x < 0 || y < 0 || x >= image.width || y >= image.height) continue;
      darkness += 255 - image.pixels[y * image.width + x]!;
    }
    if (darkness > best.darkness) best = { atMm: (line + 0.5) / PX_PER_MM, darkness };
  }
  return best;
}

async function registerMedia(page: Page, names: string[]) {
  for (const name of names) await registerAsset(page, { name, location: '金庫', custodian: '市民課長', kind: '記録媒体' });
}

/**
 * The browser's own print dialog cannot be driven by Playwright (and in headless Chromium it leaves the
 * page "being printed", so page.pdf() then fails). This stands in for it: it counts the calls, and the
 * PDF the person would save is made with page.pdf() from the same page afterwards.
 */
async function replacePrintDialog(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { printCalls: number }).printCalls = 0;
    window.print = () => {
      (window as unknown as { printCalls: number }).printCalls++;
    };
  });
}

test('select media, preview and print to PDF: one label per medium, equipment left out, print recorded once confirmed', async ({ page }, testInfo) => {
  await replacePrintDialog(page);
  await completeSetup(page);
  await registerMedia(page, ['バックアップ用USBメモリ', '住民記録 DVD-R（令和8年度）', '外付けハードディスク']);
  await registerAsset(page, { name: '窓口端末', location: '1階窓口', custodian: '市民課長', kind: '機器' });

  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  const assets = page.getByRole('region', { name: /対象の資産/ });
  await expect(assets).not.toContainText('窓口端末');
  await assets.getByRole('button', { name: 'ラベル未印刷の媒体・紙文書をすべて選択' }).click();
  await expect(page.getByRole('heading', { name: '対象の資産（3件を選択）' })).toBeVisible();
  await page.getByLabel('ラベル設定').selectOption({ label: '標準（A4 24面・QR）' });
  await page.getByLabel('使用済みの枠を飛ばす（枚目の途中から印刷）').fill('2');
  await expect(page.getByText('分類されていない資産が3件あります', { exact: false })).toBeVisible();

  const preview = page.getByRole('region', { name: 'ラベルのプレビュー' });
  await expect(preview.locator('.label')).toHaveCount(3);
  await expect(preview.getByRole('img', { name: 'QRコード' })).toHaveCount(3);
  await expect(preview.locator('.label').first()).toHaveAttribute('data-slot', '2');

  await page.getByRole('button', { name: 'PDFで保存' }).click();
  expect(await page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
  // Nothing counts as printed until the person says the labels came out.
  const history = page.getByRole('region', { name: '印刷の記録' });
  await expect(history).toContainText('まだ印刷していません。');
  await expect(page.getByRole('alertdialog')).toContainText('ラベル3件をPDFに保存できましたか？');

  const pdfPath = testInfo.outputPath('labels.pdf');
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  expect(text.match(/SM-0000\d/g)?.sort()).toEqual(['SM-00001', 'SM-00002', 'SM-00003']);
  expect(text).toContain('住民記録 DVD-R');
  expect(text).not.toContain('台帳一覧'); // only the labels are printed
  expect(execFileSync('pdfinfo', [pdfPath]).toString()).toMatch(/Pages:\s+1\b[\s\S]*Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);

  await page.getByRole('button', { name: 'できた（記録に残す）' }).click();
  await expect(history).toContainText('標準（A4 24面・QR）・ラベル3件（PDF）');
  await expect(assets.getByText('印刷済み')).toHaveCount(3);
});

test('a print the person says failed is not recorded, and paper documents are selected with media', async ({ page }) => {
  await replacePrintDialog(page);
  await completeSetup(page);
  await registerMedia(page, ['予備USBメモリ']);
  await registerAsset(page, { name: '申請書綴り（令和8年度）', location: '書庫', custodian: '市民課長', kind: '紙文書' });
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  // Pressed before choosing: told to choose; the message goes once assets are chosen.
  await page.getByRole('button', { name: '印刷する' }).click();
  await expect(page.getByText('ラベルを印刷する資産を選んでください。')).toBeVisible();
  await page.getByRole('button', { name: 'ラベル未印刷の媒体・紙文書をすべて選択' }).click();
  await expect(page.getByRole('heading', { name: '対象の資産（2件を選択）' })).toBeVisible();
  await expect(page.getByText('ラベルを印刷する資産を選んでください。')).toHaveCount(0);
  await page.getByRole('button', { name: '印刷する' }).click();
  await page.getByRole('button', { name: 'できなかった' }).click();
  await expect(page.getByText('印刷の記録には残していません。', { exact: false })).toBeVisible();
  await expect(page.getByRole('region', { name: '印刷の記録' })).toContainText('まだ印刷していません。');
  await expect(page.getByRole('region', { name: /対象の資産/ }).getByText('印刷済み')).toHaveCount(0);
});

test('every printed label box lies where the template says, within 0.3 mm', async ({ page }, testInfo) => {
  await completeSetup(page);
  await registerMedia(page, Array.from({ length: 7 }, (_, i) => `媒体${i + 1}`));
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  await page.getByRole('button', { name: 'ラベル未印刷の媒体・紙文書をすべて選択' }).click();
  await page.getByLabel('ラベル設定').selectOption({ label: '小型（A4 65面・QR）' });
  await page.getByLabel('使用済みの枠を飛ばす（枚目の途中から印刷）').fill('3');
  await page.getByLabel('枠線も印刷する（位置合わせの確認用）').check();
  await expect(page.getByRole('region', { name: 'ラベルのプレビュー' }).locator('.label')).toHaveCount(7);

  const pdfPath = testInfo.outputPath('geometry.pdf');
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const image = rasterise(pdfPath);
  expect(image.width).toBeGreaterThan(2400); // 210 mm at 300 dpi = 2480 px

  const template = bundledTemplates.find((t) => t.id === 'a4-65')!;
  const boxes = labelBoxes(template, 7, 3);
  for (const box of boxes) {
    const midY = [box.yMm + box.heightMm * 0.3, box.yMm + box.heightMm * 0.7] as const;
    const midX = [box.xMm + box.widthMm * 0.3, box.xMm + box.widthMm * 0.7] as const;
    // The outline is 0.1 mm drawn just inside the box: its centre is 0.05 mm in from each edge.
    const edges = [
      findLine(image, true, box.xMm + 0.05, ...midY).atMm - (box.xMm + 0.05),
      findLine(image, true, box.xMm + box.widthMm - 0.05, ...midY).atMm - (box.xMm + box.widthMm - 0.05),
      findLine(image, false, box.yMm + 0.05, ...midX).atMm - (box.yMm + 0.05),
      findLine(image, false, box.yMm + box.heightMm - 0.05, ...midX).atMm - (box.yMm + box.heightMm - 0.05),
    ];
    for (const offset of edges) expect(Math.abs(offset), `label slot ${box.slot} edge offset ${offset.toFixed(3)} mm`).toBeLessThanOrEqual(0.3);
  }
  // An empty (skipped) slot has no outline: nothing is printed there.
  const skipped = labelBoxes(template, 1, 0)[0]!;
  expect(findLine(image, true, skipped.xMm + 0.05, skipped.yMm + 5, skipped.yMm + 15).darkness).toBeLessThan(255 * 10);
});

test('a calibration sheet shows every slot, and a saved printer offset moves every label by that much', async ({ page }) => {
  await completeSetup(page);
  await registerMedia(page, ['媒体A', '媒体B']);
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  await page.getByLabel('ラベル設定').selectOption({ label: '小型（A4 65面・QR）' });
  await page.getByRole('button', { name: 'ラベル未印刷の媒体・紙文書をすべて選択' }).click();
  const preview = page.getByRole('region', { name: 'ラベルのプレビュー' });
  await expect(page.getByRole('heading', { name: 'プレビュー（実寸）— ラベル2件・用紙1枚' })).toBeVisible();
  const before = await preview.locator('.label').first().evaluate((el) => [(el as HTMLElement).style.left, (el as HTMLElement).style.top]);
  expect(before).toEqual(['4.7mm', '10.7mm']);

  await page.getByRole('button', { name: '位置合わせ用の枠を表示' }).click();
  await expect(preview.locator('.label--calibration')).toHaveCount(65);
  await expect(page.getByRole('button', { name: '印刷する' })).toBeDisabled();

  await page.getByLabel('横（mm）').fill('1');
  await page.getByLabel('縦（mm）').fill('-0.5');
  await page.getByRole('button', { name: '補正を保存' }).click();
  await expect(page.getByText('印刷位置の補正を保存しました（横 1mm・縦 -0.5mm）', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: '位置合わせ用の表示をやめる' }).click();
  const after = await preview.locator('.label').first().evaluate((el) => [(el as HTMLElement).style.left, (el as HTMLElement).style.top]);
  expect(after).toEqual(['5.7mm', '10.2mm']);

  await page.getByLabel('横（mm）').fill('9');
  await page.getByRole('button', { name: '補正を保存' }).click();
  await expect(page.getByText('補正は -5mm から 5mm の間にしてください。')).toBeVisible();
});

test('a custom sheet the form refuses says why in Japanese, naming the field by its label', async ({ page }) => {
  await completeSetup(page);
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  await page.getByRole('button', { name: '新しいラベル設定を作る' }).click();
  await page.getByLabel('ラベル設定の名前').fill('自作シート');
  await page.getByLabel('用紙', { exact: true }).selectOption({ label: 'カスタム（寸法を入力）' });
  const save = page.getByRole('button', { name: 'ラベル設定を保存' });
  // A field emptied by mistake, then a sheet too wide for A4: both in Japanese, the field as the form names it.
  await page.getByLabel('列数', { exact: true }).fill('');
  await save.click();
  await expect(page.getByRole('alert')).toHaveText('列数を数値で入力してください。（項目: 列数）');
  await page.getByLabel('列数', { exact: true }).fill('4');
  await save.click();
  await expect(page.getByRole('alert')).toContainText('ラベルが用紙の右端をはみ出します');
  await expect(page.getByRole('alert')).toContainText('（項目: 列数）');
  await expect(page.getByRole('alert')).not.toContainText('customTemplate');
});
