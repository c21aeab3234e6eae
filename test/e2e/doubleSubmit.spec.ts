/**
 * A clerk who double-clicks (the habit of a desktop that opens files that way) must not record a step
 * twice: each button of the exception register and the stock-take writes once per click that counts,
 * and the second click arrives while the first write is still under way.
 */
import type { Page } from '@playwright/test';
import { completeSetup, expect, openScreen, registerAsset, test } from './fixtures';

/** The records of one table in the app's IndexedDB, as stored. */
function stored<T>(page: Page, table: string): Promise<T[]> {
  return page.evaluate(
    (name) =>
      new Promise<T[]>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as T[]);
          };
          request.onerror = () => reject(request.error);
        };
      }),
    table,
  );
}

/** Lets a second write that a double-click started finish (or not start) before the tables are read. */
const settle = (page: Page) => page.waitForTimeout(800);

test('a double-click on 申請する records one exception request', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口端末', location: '窓口', custodian: '市民課長', number: 'SM-00001' });
  await openScreen(page, '例外措置');
  await page.getByLabel('対象の遵守事項（条文）').fill('【03】第7条4 暗号化');
  await page.getByLabel('対象の資産（管理番号、複数は空白か読点で区切る）').fill('SM-00001');
  await page.getByLabel('理由（守れない事情と、例外とする合理的な理由）').fill('暗号化ソフトの更新を待っているため使えない');
  await page.getByLabel('代替措置（リスクを抑えるために行うこと）').fill('施錠できる保管庫に入れ、持出しを禁止する');
  await page.getByRole('button', { name: '申請する' }).dblclick();
  await expect(page.getByText('例外措置を申請しました。', { exact: false })).toBeVisible();
  await settle(page);
  expect(await stored(page, 'exceptions')).toHaveLength(1);
  await expect(page.getByRole('heading', { name: '例外措置の一覧（1件）' })).toBeVisible();
  await expect(page.locator('.error')).toHaveCount(0);

  // The second click of a double-click on 取り下げる found the request withdrawn already: a failed
  // withdrawal in the audit log that nobody attempted. And the withdrawn request leaves the list of open
  // ones: the confirmation must not leave with its card.
  await page.getByRole('button', { name: '取り下げる' }).dblclick();
  await expect(page.getByRole('status').filter({ hasText: '「【03】第7条4 暗号化」の例外措置を取り下げました。' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '例外措置の一覧（0件）' })).toBeVisible();
  await settle(page);
  await expect(page.locator('.error')).toHaveCount(0);
  const withdrawals = (await stored<{ action: string; outcome: string }>(page, 'audit')).filter((e) => e.action === 'exception.withdraw');
  expect(withdrawals.map((e) => e.outcome)).toEqual(['success']);
});

test('a double-click on 棚卸を始める starts one stock-take; on the follow-ups, one report and one review', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民票綴り', location: '書庫A', custodian: '市民課長', number: 'SM-00001' });
  await openScreen(page, '棚卸');
  await page.getByLabel('棚卸をする所在').fill('書庫A');
  await page.getByRole('button', { name: '棚卸を始める' }).dblclick();
  await expect(page.getByRole('heading', { name: '棚卸中：所在「書庫A」' })).toBeVisible();
  await settle(page);
  expect(await stored(page, 'stockTakes')).toHaveLength(1);

  // Nothing scanned: the one asset of 書庫A is not found.
  await page.getByRole('button', { name: '棚卸を終了して結果を見る' }).click();
  await expect(page.getByRole('heading', { name: '見つからなかった資産（1件）' })).toBeVisible();
  await page.getByLabel('SM-00001 を選ぶ').check();
  await page.getByLabel('報告の内容（探した場所など）').fill('書庫Aの棚と机を探した');
  await page.getByRole('button', { name: '選んだ資産を所在不明として報告' }).dblclick();
  await expect(page.getByText('を所在不明として報告し、監査ログに記録しました。', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: '選んだ資産の見直しを始める' }).dblclick();
  await expect(page.getByText('1件を見直しの対象にしました', { exact: false })).toBeVisible();
  await settle(page);
  const audit = await stored<{ action: string }>(page, 'audit');
  expect(audit.filter((e) => e.action === 'stockTake.lossReport')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'asset.review')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'stockTake.start')).toHaveLength(1);
});

test('a double-click on リスク評価を保存 records one assessment', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口端末', location: '窓口', custodian: '市民課長', number: 'SM-00001' });
  await page.getByLabel('脅威の発生頻度').selectOption('3');
  await page.getByLabel('脆弱性').selectOption('2');
  await page.getByRole('button', { name: 'リスク評価を保存' }).dblclick();
  await expect(page.getByText('リスク評価を保存しました。')).toBeVisible();
  await settle(page);
  const audit = await stored<{ action: string }>(page, 'audit');
  expect(audit.filter((e) => e.action === 'asset.risk')).toHaveLength(1);
  const history = await stored<{ action: string; changes: { field: string }[] }>(page, 'history');
  expect(history.filter((h) => h.changes.some((c) => c.field === 'riskAssessment'))).toHaveLength(1);
});

// The self-inspection's buttons had no busy state: a double-click on 「Excel に書き出す」 recorded the
// report twice in the audit log (【07】第17条: the log says who produced what) and saved the file twice.
test('a double-click on Excel に書き出す records and saves the self-inspection once', async ({ page }) => {
  await completeSetup(page);
  await openScreen(page, '自己点検');
  const downloads: string[] = [];
  page.on('download', (download) => downloads.push(download.suggestedFilename()));
  const exportButton = page.getByRole('button', { name: 'Excel に書き出す' });
  await expect(exportButton).toBeEnabled({ timeout: 30_000 });
  await exportButton.dblclick();
  await expect(page.getByText('自己点検を Excel ブックに書き出しました。')).toBeVisible();
  await settle(page);
  const recorded = (await stored<{ action: string }>(page, 'audit')).filter((e) => e.action === 'report.selfInspection');
  expect(recorded).toHaveLength(1);
  expect(downloads).toHaveLength(1);
});
