import { writeFileSync } from 'node:fs';
import { completeSetup, expect, openScreen, test } from './fixtures';
import { ipaLedgerWorkbook, odsRepeatingRow } from '../fixtures/legacyLedger';

test('refuses an .ods renamed .xlsx at once with what to do in Japanese, then reads a genuine ledger chosen next', async ({ page }, testInfo) => {
  await completeSetup(page);
  await openScreen(page, '書出し・取込み');
  await page.getByRole('button', { name: '既存台帳の取込みへ' }).click();
  await expect(page.getByRole('heading', { name: '既存台帳の取込み', level: 1 })).toBeVisible();
  const bomb = testInfo.outputPath('台帳.xlsx');
  writeFileSync(bomb, odsRepeatingRow());
  await page.getByLabel('台帳ファイル（.xlsx）').setInputFiles(bomb);
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('このファイルは Excel ブック（.xlsx）ではありません（OpenDocument', { timeout: 5_000 });
  await expect(alert).toContainText('台帳は変更されていません。');
  await expect(page.getByLabel('名称の列')).toHaveCount(0);
  // The window still answers: the next file is read as usual.
  const genuine = testInfo.outputPath('ipa.xlsx');
  writeFileSync(genuine, ipaLedgerWorkbook());
  await page.getByLabel('台帳ファイル（.xlsx）').setInputFiles(genuine);
  await expect(page.getByLabel('名称の列')).toHaveValue('情報資産名称');
});
