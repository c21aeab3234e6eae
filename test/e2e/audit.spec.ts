import { readFileSync } from 'node:fs';
import { completeSetup, expect, registerAsset, test, chooseOffLedgerMedium, openScreen } from './fixtures';
import { chainAuditEntries, type AuditEntry } from '../../shared/domain/auditChain';
import { CHECKPOINT_MIN_ENTRIES } from '../../shared/domain/auditCheckpoint';

test('the audit log is filtered, verified, exported, and an entry edited in IndexedDB is reported', async ({ page }, testInfo) => {
  await completeSetup(page);
  await registerAsset(page, { name: '=HYPERLINK("http://example.invalid","x")', location: '本庁舎', custodian: '市民課長' });
  await registerAsset(page, { name: '職員名簿', location: '人事課', custodian: '人事課長' });

  await openScreen(page, '監査ログ');
  await expect(page.getByRole('heading', { name: '監査ログ', exact: true })).toBeVisible();
  await expect(page.getByText('4 件', { exact: true })).toBeVisible(); // setup, first account, two assets
  await page.getByLabel('操作', { exact: true }).selectOption({ label: '資産の登録' });
  await expect(page.getByText('2 件', { exact: true })).toBeVisible();
  await page.getByLabel('資産の管理番号').fill('sm-00002');
  await expect(page.getByText('1 件', { exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: /職員名簿/ })).toBeVisible();
  // Details read as sentences, not JSON.
  await expect(page.getByRole('row', { name: /職員名簿/ })).toContainText('管理番号: SM-00002');
  await expect(page.locator('.audit-detail').filter({ hasText: '{' })).toHaveCount(0);
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
  // The actor filter's choices come from Chromium's index, one seek per name (listAuditActors): each
  // name once, in order, the edited one among them, and choosing it finds its entry.
  const actorOptions = page.getByLabel('操作者', { exact: true }).locator('option');
  await expect(actorOptions.filter({ hasText: '別の人' })).toHaveCount(1);
  const actors = (await actorOptions.allTextContents()).slice(1);
  expect(actors).toEqual([...new Set(actors)].sort());
  expect(actors.length).toBeGreaterThanOrEqual(2);
  await page.getByLabel('操作者', { exact: true }).selectOption({ label: '別の人' });
  await expect(page.getByText('1 件', { exact: true })).toBeVisible();
});

test('the audit screen shows where the log was last anchored, and deleting the newest entries is reported', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長' });
  await openScreen(page, '監査ログ');
  const anchored = page.getByRole('region', { name: '端末の外への記録（最後の書出し）' });
  await expect(anchored).toContainText('まだ書き出していません。');

  await openScreen(page, '書出し・取込み');
  await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await exporting.getByLabel('持出し先').fill('情報政策課');
  await chooseOffLedgerMedium(exporting);
  await exporting.getByLabel('パスワード（12文字以上）').fill('書出し用のパスワード2026');
  await exporting.getByLabel('パスワード（確認）').fill('書出し用のパスワード2026');
  const download = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  const fileName = (await download).suggestedFilename();
  await expect(exporting.getByRole('status')).toContainText('通番 1');

  await openScreen(page, '監査ログ');
  await expect(anchored).toContainText(fileName);
  // setup, first account, asset, key creation: four entries anchored in the file.
  await expect(anchored).toContainText('4 件（#4）');
  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('status').filter({ hasText: '前回の書出し' })).toContainText('そのまま続いています');

  // Someone deletes the newest entries directly in IndexedDB: the chain alone still verifies.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const count = store.count();
          count.onsuccess = () => {
            for (let seq = 4; seq <= count.result; seq++) store.delete(seq);
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('監査ログの記録数が、前回確認したときより減っています');
});

test('a large log is checked from its last full verification, and every entry on request', async ({ page }) => {
  test.slow(); // 20,000 entries stored through IndexedDB, then verified in full twice
  await completeSetup(page);
  // A log past CHECKPOINT_MIN_ENTRIES: the chain is computed here, with the app's own hashing, and stored as the app stores it.
  const last = await page.evaluate(
    () =>
      new Promise<AuditEntry>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const cursor = open.result.transaction('audit').objectStore('audit').openCursor(null, 'prev');
          cursor.onsuccess = () => {
            resolve(cursor.result!.value as AuditEntry);
            open.result.close();
          };
          cursor.onerror = () => reject(cursor.error);
        };
      }),
  );
  const added = chainAuditEntries(last, Array.from({ length: CHECKPOINT_MIN_ENTRIES }, (_, i) => ({ at: new Date(Date.parse(last.at) + i).toISOString(), actor: '山田', action: 'asset.update' as const, target: `id-${i}`, outcome: 'success' as const, detail: { i } })));
  await page.evaluate(
    (entries) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          for (const entry of entries) tx.objectStore('audit').add(entry);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    added,
  );
  const total = added.at(-1)!.seq;

  await openScreen(page, '監査ログ');
  const verified = page.getByRole('status').filter({ hasText: '改ざんは検出されませんでした' });
  // No full verification yet: the first check reads every entry, and records where it got to.
  await page.getByRole('button', { name: '監査ログを検証', exact: true }).click();
  await expect(verified).toContainText(`すべての記録 ${total.toLocaleString('ja-JP')}件を確認`, { timeout: 60_000 });
  await expect(page.getByText(new RegExp(`記録 #${total.toLocaleString('ja-JP')} まで）。\\s*「監査ログを検証」はそれ以降の記録を確かめます。`))).toBeVisible();

  // The next check reads only what came since: that verification's own record.
  await page.getByRole('button', { name: '監査ログを検証', exact: true }).click();
  await expect(verified).toContainText(`記録 #${total.toLocaleString('ja-JP')} まで）より後の 1件の記録を確認`);
  await expect(verified).toContainText('それより前の記録は、その完全な検証で確認済みです。');

  // An older entry edited in IndexedDB: the check from the checkpoint does not read it, the full one reports it.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const store = open.result.transaction('audit', 'readwrite').objectStore('audit');
          const get = store.get(100);
          get.onsuccess = () => store.put({ ...get.result, actor: '別の人' });
          get.transaction!.oncomplete = () => {
            open.result.close();
            resolve();
          };
          get.onerror = () => reject(get.error);
        };
      }),
  );
  await page.getByRole('button', { name: 'すべての記録を検証' }).click();
  await expect(page.getByRole('alert')).toContainText('記録 #100 で改ざんを検出しました：記録の内容が書き換えられています。', { timeout: 60_000 });
});
