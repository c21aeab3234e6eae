import { readFileSync } from 'node:fs';
import { completeSetup, expect, registerAsset, test } from './fixtures';

test('the audit log is filtered, verified, exported, and an entry edited in IndexedDB is reported', async ({ page }, testInfo) => {
  await completeSetup(page);
  await registerAsset(page, { name: '=HYPERLINK("http://example.invalid","x")', location: '本庁舎', custodian: '市民課長' });
  await registerAsset(page, { name: '職員名簿', location: '人事課', custodian: '人事課長' });

  await page.getByRole('button', { name: '監査ログ', exact: true }).click();
  await expect(page.getByRole('heading', { name: '監査ログ', exact: true })).toBeVisible();
  await expect(page.getByText('4 件', { exact: true })).toBeVisible(); // setup, first account, two assets
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '資産の登録' });
  await expect(page.getByText('2 件', { exact: true })).toBeVisible();
  await page.getByLabel('資産の管理番号').fill('sm-00002');
  await expect(page.getByText('1 件', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: /職員名簿/ })).toBeVisible();
  await page.getByLabel('資産の管理番号').fill('');
  await page.getByLabel('操作', { exact: true }).selectOption({ label: 'すべて' });

  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' })).toContainText('4件');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '表示中の記録をCSVで書き出す' }).click();
  const csvPath = testInfo.outputPath('audit.csv');
  await (await download).saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  expect(csv.startsWith('\uFEFF"番号","日時","操作者"')).toBe(true);
  expect(csv).toContain('"資産の登録"');
  // Text from the ledger cannot run as a formula in Excel.
  expect(csv).not.toMatch(/(^|,)"=HYPERLINK/m);

  // Someone edits entry 2 directly in IndexedDB.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const get = store.get(2);
          get.onsuccess = () => store.put({ ...get.result, actor: '別の人' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('alert')).toContainText('記録 #2 で改ざんを検出しました：記録の内容が書き換えられています。');
});
