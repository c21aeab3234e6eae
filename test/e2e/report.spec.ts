import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as XLSX from '@e965/xlsx';
import type { Page } from '@playwright/test';
import { completeSetup, expect, passwordWork, registerAsset, test, openScreen } from './fixtures';

/**
 * The browser's print dialog cannot be driven by Playwright (headless Chromium then leaves the page
 * "being printed" and page.pdf() fails), so it is replaced by a counter, as in labels.spec; the PDF the
 * person would save is made with page.pdf() from the same page afterwards.
 */
async function replacePrintDialog(page: Page) {
  await page.addInitScript(() => {
    (window as unknown as { printCalls: number }).printCalls = 0;
    window.print = () => {
      (window as unknown as { printCalls: number }).printCalls++;
    };
  });
}

test('the self-inspection shows what needs action with its articles, prints on A4 and is recorded', async ({ page }, testInfo) => {
  test.setTimeout(150_000);
  await replacePrintDialog(page);
  await completeSetup(page);
  // completeSetup's heading check also matches the set-up form's own title: wait for the shell itself.
  await expect(page.getByRole('button', { name: '台帳一覧', exact: true })).toBeVisible(passwordWork);
  await registerAsset(page, { name: '住民記録バックアップUSB', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await expect(page.getByRole('heading', { name: '住民記録バックアップUSB' })).toBeVisible();
  await registerAsset(page, { name: '窓口受付簿', location: '窓口', custodian: '市民課長', kind: '紙文書' });
  await expect(page.getByRole('heading', { name: '窓口受付簿' })).toBeVisible();

  await openScreen(page, '自己点検');
  await expect(page.getByRole('heading', { name: '自己点検' })).toBeVisible();
  const lines = page.getByRole('table', { name: '点検項目' });
  const row = (title: string) => lines.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(`^${title}`) }) });
  await expect(row('分類していない資産')).toContainText('2件');
  await expect(row('分類していない資産')).toContainText('【03】第4条');
  await expect(row('ラベルを印刷していない記録媒体・紙文書')).toContainText('2件');
  await expect(row('前回のバックアップからの日数')).toContainText('まだありません');
  await expect(row('前回の復元テストからの日数')).toContainText('【11】第8条');
  await expect(row('権限の見直し期限を過ぎたアカウント')).toContainText('【09】第7条2');
  await expect(row('監査ログ')).toContainText('改ざんなし');
  const counts = page.getByRole('table', { name: '資産の件数（種類と分類別）' });
  await expect(counts.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '未分類' }) })).toContainText('2');

  // Judged on a later day, both assets are past their review date; the page says which day.
  await expect(row('見直し期限を過ぎた資産')).toContainText('0件');
  await page.getByLabel('点検日').fill('2030-01-15');
  await expect(page.getByText(/点検日 2030年1月15日/)).toBeVisible();
  await expect(row('見直し期限を過ぎた資産')).toContainText('2件');

  await page.getByRole('button', { name: '印刷・PDFで保存' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
  const pdfPath = testInfo.outputPath('self-inspection.pdf');
  writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));
  const text = execFileSync('pdftotext', ['-layout', pdfPath, '-']).toString();
  expect(text).toContain('自己点検');
  expect(text).toContain('2030年1月15日');
  expect(text).toContain('分類していない資産');
  expect(text).toContain('【09】第7条2');
  expect(text).toContain('【11】第8条');
  expect(text).toContain('住民記録バックアップUSB');
  expect(text).not.toContain('ログアウト'); // only the report is printed, not the app around it
  expect(text).not.toContain('Excel に書き出す');
  expect(execFileSync('pdfinfo', [pdfPath]).toString()).toMatch(/Page size:\s+59[45]\.\d+ x 84[12]\.\d+ pts \(A4\)/);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Excel に書き出す' }).click();
  const file = await (await download).path();
  const book = XLSX.read(readFileSync(file));
  expect(book.SheetNames).toEqual(['点検項目', '資産の件数', '対象の一覧']);
  const sheet = XLSX.utils.sheet_to_json<string[]>(book.Sheets['点検項目']!, { header: 1 });
  expect(sheet.find((r) => r[0] === '分類していない資産')?.slice(1, 3)).toEqual([2, '2件']);

  // Both outputs are in the audit log, with the day they were made for.
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('cell', { name: '自己点検の作成' })).toHaveCount(2);
});

test('the dashboard shows each chart as a table with its numbers, and a new section still starts on the first-day guide', async ({ page }) => {
  await replacePrintDialog(page);
  await completeSetup(page);
  // A new section opens on the ledger with はじめての手順, not on the dashboard.
  await expect(page.getByRole('region', { name: /はじめての手順/ })).toBeVisible(passwordWork);
  await registerAsset(page, { name: '課税資料（紙）', location: '書庫', custodian: '市民課長', kind: '紙文書' });
  await expect(page.getByRole('heading', { name: '課税資料（紙）' })).toBeVisible();

  await page.getByRole('button', { name: 'ダッシュボード', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  const classes = page.getByRole('table', { name: '分類の分布（使用中の資産）' });
  await expect(classes.getByRole('row', { name: /未分類/ })).toContainText('1件');
  const overdue = page.getByRole('table', { name: '期限切れ・未対応' });
  await expect(overdue.getByRole('row', { name: /ラベル未印刷/ })).toContainText('1件');
  await expect(page.getByRole('table', { name: '承認待ち' }).getByRole('row', { name: /分類の承認/ })).toContainText('0件');
  await expect(page.getByText('前回のバックアップから')).toContainText('まだありません');
  await page.getByRole('button', { name: '印刷' }).click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printCalls: number }).printCalls)).toBe(1);
});
