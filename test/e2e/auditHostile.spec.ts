import { readFileSync } from 'node:fs';
import { completeSetup, expect, openScreen, test } from './fixtures';

// A colleague with DevTools writes records into the audit log's store by hand: values the app never
// writes. The screen must still draw every row (before 2026-11-30 a null detail or an object as the actor
// left a blank window), mark what is not ordinary text, export them, and report the change.
test('the audit screen draws, marks and exports records written by hand into IndexedDB', async ({ page }, testInfo) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await completeSetup(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const get = store.get(1);
          get.onsuccess = () => {
            const first = get.result as Record<string, unknown>;
            const at = (i: number) => new Date(Date.parse(first.at as string) + i * 1000).toISOString();
            store.put({ ...first, detail: null });
            store.put({ ...first, seq: 100, at: at(1), actor: { name: '山田' }, detail: { big: 10n, nan: Number.NaN, map: new Map([[1, 2]]), blob: new Blob(['x']) } });
            store.put({ ...first, seq: 101, at: at(2), actor: '\u202E藤佐', detail: { name: '<img src=x onerror=alert(1)>', note: 'x'.repeat(1_000_000) } });
            store.put({ ...first, seq: new Date(5), at: at(3), actor: '=HYPERLINK("http://example.invalid","佐藤")' });
            store.put({ ...first, seq: 102, at: at(4), action: ['asset.update'], outcome: 7 });
            store.put({ ...first, seq: 103, at: at(5), actor: 5 });
            store.put({ ...first, seq: 104, at: at(6), actor: '5' });
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('heading', { name: '監査ログ', exact: true })).toBeVisible();
  await expect(page.getByRole('row', { name: /〔U\+202E〕藤佐/ })).toContainText('名称: <img src=x onerror=alert(1)>');
  await expect(page.getByRole('row', { name: /〔文字列でない値〕名称 山田/ })).toContainText('big: 10');
  await expect(page.locator('img')).toHaveCount(0);
  await expect(page.getByLabel('操作者', { exact: true }).locator('option', { hasText: '〔U+202E〕藤佐' })).toHaveCount(1);
  // The number 5 written as an actor does not pass for the name 「5」: listed marked, and chosen, the screen says it cannot filter by it.
  await page.getByLabel('操作者', { exact: true }).selectOption({ label: '5' });
  await expect(page.getByText('1 件', { exact: true })).toBeVisible();
  await page.getByLabel('操作者', { exact: true }).selectOption({ label: '〔文字列でない値〕5' });
  await expect(page.getByRole('alert').filter({ hasText: 'この操作者は文字列でない値で記録されています' })).toBeVisible();
  await page.getByLabel('操作者', { exact: true }).selectOption({ label: 'すべて' });

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: '表示中の記録をCSVで書き出す' }).click();
  const csvPath = testInfo.outputPath('audit.csv');
  await (await download).saveAs(csvPath);
  const csv = readFileSync(csvPath, 'utf8');
  expect(csv).not.toMatch(/(^|,)"[=+\-@\t\r]/m);
  expect(csv).toContain('ハッシュを計算できない値を含みます');

  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '改ざんを検出しました' })).toContainText('記録 #1 で改ざんを検出しました');
  expect(errors).toEqual([]);
});

// The settings records the screen shows beside the log (the last export, set-aside segments): edited by
// hand into other shapes, the screen still draws and says what it cannot read.
test('the audit screen draws when the last export and a set-aside segment were edited by hand', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await completeSetup(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('settings', 'readwrite');
          const store = tx.objectStore('settings');
          store.put({ key: 'auditLastExport', value: { last: { at: { x: 1 }, fileName: '\u202Excl.台帳', size: 4, rootHash: 5, head: null }, heads: [] } });
          store.put({ key: 'auditSegment:forged', value: null });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await openScreen(page, '監査ログ');
  const anchored = page.getByRole('region', { name: '端末の外への記録（最後の書出し）' });
  await expect(anchored).toContainText('〔U+202E〕xcl.台帳');
  await expect(anchored).toContainText('〔文字列でない値〕5');
  await expect(page.getByRole('region', { name: '別に保管した記録（復元で置き換えなかった記録）' })).toContainText('保管した記録「auditSegment:forged」を読み取れません');
  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '前回の書出し時の監査ログと一致しません' })).toBeVisible();
  expect(errors).toEqual([]);
});

// An entry whose time is edited into something that is not a key is in no index the pages read: the
// verification names it, and the screen shows what it holds.
test('the entry a verification finds changed is shown even when no page lists it', async ({ page }) => {
  await completeSetup(page);
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const tx = open.result.transaction('audit', 'readwrite');
          const store = tx.objectStore('audit');
          const get = store.get(1);
          get.onsuccess = () => store.put({ ...get.result, at: null, actor: '\u202E者ざん改' });
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('table').last()).not.toContainText('〔U+202E〕');
  await page.getByRole('button', { name: '監査ログを検証' }).click();
  await expect(page.getByRole('alert').filter({ hasText: '改ざんを検出しました' })).toContainText('記録 #1 で');
  await expect(page.getByRole('table', { name: '改ざんを検出した記録の現在の内容' })).toContainText('〔U+202E〕者ざん改');
});
