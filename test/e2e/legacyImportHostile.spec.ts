import { writeFileSync } from 'node:fs';
import { strToU8, zipSync } from 'fflate';
import { completeSetup, expect, openScreen, test } from './fixtures';
import { ipaLedgerWorkbook } from '../fixtures/legacyLedger';

/** 1 KB of OpenDocument whose one row repeats over the whole grid (17 billion cells to SheetJS). */
function odsRepeatingRow(): Uint8Array {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  return zipSync({
    mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'),
    'META-INF/manifest.xml': strToU8('<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>'),
    'styles.xml': strToU8(`<office:document-styles ${ns}/>`),
    'content.xml': strToU8(`<office:document-content ${ns}><office:body><office:spreadsheet><table:table table:name="S"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`),
  });
}

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
