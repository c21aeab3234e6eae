/**
 * Records of the exception register and the stock-take written by hand into IndexedDB (a field
 * missing, a date that is not one, a list that is not a list): the screen still draws, shows the
 * records it can read and says which record it cannot and what to do, instead of going blank. And input
 * that is nothing once cleaned (invisible characters only) is asked for again with a message that helps.
 */
import type { Page } from '@playwright/test';
import { completeSetup, expect, login, openScreen, registerAsset, section, test } from './fixtures';

/**
 * Adds records to one table of the app's IndexedDB, as someone with the developer tools would. The app
 * is then opened again (Dexie keeps the results of its queries: a write behind its back is seen after
 * a reload, as the edited database is the next time the app starts).
 */
function putRecords(page: Page, table: string, records: unknown[]): Promise<void> {
  return page.evaluate(
    ({ name, rows }) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(name, 'readwrite');
          for (const row of rows) tx.objectStore(name).put(row);
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    { name: table, rows: records },
  );
}

async function reopen(page: Page) {
  await page.reload();
  await login(page, section.userId, section.password);
}

const genuine = {
  rule: '【03】第7条4 暗号化', reason: '暗号化ソフトの更新を待っているため使えない', compensatingMeasures: '施錠できる保管庫に入れ、持出しを禁止する',
  periodFrom: '2026-04-01', periodTo: '2099-03-31', checkIntervalDays: 90, state: 'requested', requestedBy: '佐藤 一郎', requestedByUserId: 'sato', requestedAt: '2026-04-01T00:00:00.000Z',
  decidedBy: null, decidedByUserId: null, decidedAt: null, decisionReason: '', checks: [], closedAt: null, closedBy: null,
};

test('the exception register and an asset page draw when an exception record was edited by hand', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口端末', location: '窓口', custodian: '市民課長', number: 'SM-00001' });
  const assetId = await page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('daicho');
        open.onsuccess = () => {
          const request = open.result.transaction('assets').objectStore('assets').getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve((request.result as { id: string }[])[0]!.id);
          };
        };
      }),
  );
  await putRecords(page, 'exceptions', [
    { ...genuine, id: 1, assetIds: [assetId], managementNumbers: ['SM-00001'] },
    { ...genuine, id: 2, assetIds: [assetId], managementNumbers: null },
    { ...genuine, id: 3, assetIds: [assetId], managementNumbers: ['SM-00001'], periodTo: '来年の3月', state: 'approved', decidedAt: 'きのう' },
    { ...genuine, id: 4, assetIds: [assetId], managementNumbers: ['SM-00001'], checks: 'なし', state: 'approved' },
  ]);
  await reopen(page);

  await openScreen(page, '例外措置');
  await expect(page.getByRole('heading', { name: '例外措置の一覧（1件）' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '【03】第7条4 暗号化（申請中）' })).toBeVisible();
  await expect(page.getByRole('alert')).toContainText('例外措置の記録 3件（番号 4・3・2）を読み取れないため表示していません');

  // The asset's page lists the exceptions covering it: the readable one, and no blank page.
  await page.getByRole('button', { name: 'SM-00001' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: '窓口端末' })).toBeVisible();
  await expect(page.getByRole('heading', { name: '例外措置（1件）' })).toBeVisible();
});

test('the stock-take screen draws when a session record was edited by hand', async ({ page }) => {
  await completeSetup(page);
  const session = { section: '市民課', state: 'finished', startedAt: '2026-11-01T00:00:00.000Z', startedBy: '佐藤 一郎', startedByUserId: 'sato', finishedAt: '2026-11-01T01:00:00.000Z', finishedBy: '佐藤 一郎', missingAssetIds: [] };
  const summary = { scans: 3, found: 2, moved: 1, missing: 0, otherSection: 0, notActive: 0, unknown: 0, duplicates: 0 };
  await putRecords(page, 'stockTakes', [
    { ...session, id: 1, scope: { kind: 'location', location: '書庫A' }, summary },
    { ...session, id: 2, scope: null, summary },
    { ...session, id: 3, scope: { kind: 'location', location: '書庫B' }, summary: 'たくさん' },
  ]);
  await reopen(page);
  await openScreen(page, '棚卸');
  await expect(page.getByRole('heading', { name: 'これまでの棚卸（1件）' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'これまでの棚卸' })).toContainText('所在「書庫A」');
  await expect(page.getByRole('alert')).toContainText('棚卸の記録 2件（番号 3・2）を読み取れないため表示していません');
});

// A 所在 of invisible characters only (pasted from a document with zero-width spaces) is no place: the
// data layer removes them and refuses an empty place, which the screen reported as 「保存できませんでした
// …もう一度お試しください」, advice that cannot help. The screen says what is missing instead.
test('a stock-take place of invisible characters only is asked for again, not retried', async ({ page }) => {
  await completeSetup(page);
  await openScreen(page, '棚卸');
  await page.getByLabel('棚卸をする所在').fill('\u200B\u200D\u2066');
  await page.getByRole('button', { name: '棚卸を始める' }).click();
  await expect(page.getByRole('alert')).toHaveText('棚卸をする所在を入力するか、一覧から選んでください。');
  await expect(page.getByRole('heading', { name: 'これまでの棚卸（0件）' })).toBeVisible();
});

/** Every record of one table of the app's IndexedDB, as the developer tools show them. */
function getRecords(page: Page, table: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(
    (name) =>
      new Promise<Record<string, unknown>[]>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction(name).objectStore(name).getAll();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result as Record<string, unknown>[]);
          };
        };
      }),
    table,
  );
}

// An account whose 権限の見直し date was blanked and a completed disposal without its certificate field
// threw inside the self-inspection the dashboard is built on (RangeError / TypeError): the home screen
// of every security manager went blank. And a class waiting to be proposed again (要見直し) was counted
// under 承認待ち「分類の承認」, which then disagreed with the 承認待ち screen and the top bar (0件).
test('the dashboard draws with an account and a disposal edited by hand, and counts approvals as the 承認待ち screen does', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口端末', location: '窓口', custodian: '市民課長', number: 'SM-00001' });
  const [manager] = await getRecords(page, 'accounts');
  const [asset] = await getRecords(page, 'assets');
  await putRecords(page, 'accounts', [{ ...manager, userId: 'kato', displayName: '加藤 次郎', employeeNumber: 'E0002', rightsReviewedAt: '' }]);
  await putRecords(page, 'disposals', [{ id: 1, assetId: asset!.id, managementNumber: 'SM-00001', state: 'completed', performedOn: '2026-04-01' }]);
  const needsReview = { profileId: 'nishinomiya', profileVersion: '1', levels: { importance: 'B' }, recommended: { importance: 'B' }, answers: {}, reasons: [], justification: '', referredToManager: false, state: 'needsReview', proposedBy: '佐藤 一郎', proposedByUserId: 'sato', proposedAt: '2026-04-01T00:00:00.000Z', approvedBy: null, approvedAt: null };
  await putRecords(page, 'assets', [{ ...asset, classification: needsReview }]);
  await reopen(page);

  await page.getByRole('button', { name: 'ダッシュボード', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'ダッシュボード' })).toBeVisible();
  const overdue = page.getByRole('table', { name: '期限切れ・未対応' });
  await expect(overdue.getByRole('row', { name: /権限の見直し期限切れ/ })).toContainText('1件');
  await expect(overdue.getByRole('row', { name: /証明書の記録がない廃棄/ })).toContainText('1件');
  await expect(page.getByRole('table', { name: '承認待ち' }).getByRole('row', { name: /分類の承認/ })).toContainText('0件');
  await openScreen(page, '承認待ち');
  await expect(page.getByText('承認待ちの分類はありません。')).toBeVisible();
});
