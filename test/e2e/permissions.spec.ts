/**
 * A staff member (担当者) against every manager-only screen and action. First as the app is: none of
 * them is offered. Then with the screen code tampered so the manager's screens show anyway (as if
 * someone edited the renderer): each forced action is refused by the data layer's gate, with the
 * Japanese message, and nothing is written.
 */
import type { Page } from '@playwright/test';
import { completeSetup, createAccountAsManager, expect, login, loginFirstTime, logout, registerAsset, section, test, pickAsset, openScreen, screensOffered } from './fixtures';

const SATO = { name: '佐藤 一郎', userId: 'sato', temporary: '佐藤さんの仮パスワード2026', own: '佐藤が自分で決めた合言葉です' };
const NOT_PERMITTED = 'この操作は、ログインしているアカウントの役割では行えません。台帳は変更されていません。必要な場合はセキュリティ管理者に依頼してください。';

/** The manager registers an asset, asks for a take-out of it and creates 佐藤's staff account. */
async function sectionWithStaff(page: Page) {
  await completeSetup(page);
  await registerAsset(page, { name: 'バックアップ用USBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  const takeOuts = page.getByRole('region', { name: '持出し', exact: true });
  await pickAsset(takeOuts, '持ち出す資産', 'sm-00001');
  await takeOuts.getByLabel('目的').fill('住民説明会での説明');
  await takeOuts.getByLabel('持出し先').fill('北口会館');
  await takeOuts.getByLabel('持ち出す媒体・方法').fill('暗号化USBメモリ');
  await takeOuts.getByLabel('返却予定日').fill(new Date(Date.now() + 2 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10));
  await takeOuts.getByRole('button', { name: '持出しを申請' }).click();
  await expect(page.getByRole('status')).toContainText('持出しを申請しました');
  await createAccountAsManager(page, { name: SATO.name, userId: SATO.userId, role: '担当者', password: SATO.temporary });
  await logout(page);
  await loginFirstTime(page, SATO.userId, SATO.temporary, SATO.own);
}

test('a staff member is offered no manager-only screen or action', async ({ page }) => {
  test.setTimeout(180_000);
  await sectionWithStaff(page);
  const nav = page.getByRole('navigation', { name: '主な画面' });
  const offered = await screensOffered(page);
  for (const screen of ['アカウント', '書出し・取込み', 'バックアップ']) expect(offered).not.toContain(screen);
  // What staff may do is still there.
  for (const screen of ['ラベル', '持出し・廃棄', '監査ログ', '分類基準']) expect(offered).toContain(screen);
  await expect(page.getByRole('button', { name: '＋ 資産を登録' })).toBeVisible();
  // The backup reminder asks staff to turn to the manager instead of offering a backup.
  await expect(page.getByText('セキュリティ管理者に依頼してください。')).toBeVisible();
  await expect(page.getByRole('button', { name: 'バックアップする' })).toHaveCount(0);

  await nav.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  const row = page.getByRole('table', { name: '持出しの記録' }).getByRole('row', { name: /SM-00001/ });
  await expect(row).toContainText('申請中');
  await expect(row.getByRole('button', { name: '許可' })).toHaveCount(0);
  await expect(row.getByRole('button', { name: '却下' })).toHaveCount(0);

  await openScreen(page, '分類基準');
  await expect(page.getByRole('button', { name: 'この分類基準に切り替える' })).toHaveCount(0);
  await expect(page.getByText('分類基準ファイルを読み込む')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '分類基準を作成・編集する' })).toHaveCount(0);

  await openScreen(page, '監査ログ');
  await expect(page.getByRole('button', { name: '3か月より前の記録を保存して整理' })).toHaveCount(0);

  await openScreen(page, '見直し');
  await expect(page.getByRole('heading', { name: /権限の見直しが必要なアカウント/ })).toHaveCount(0);
});

test('with the manager screens forced open, every manager-only action is refused by the data layer', async ({ page }) => {
  test.setTimeout(180_000);
  // Tamper with the app's code as it is served: the top bar's requirements for the manager screens are
  // removed, so the screens show for anyone. Each replacement must happen exactly once.
  const forced = ['account.change', 'ledger.export', 'backup.create'];
  const replaced: Record<string, number> = {};
  // The top bar lives in the Shell chunk (loaded after login), the rest in the entry chunk.
  await page.route(/\/assets\/(index|Shell)-[^/]+\.js$/, async (route) => {
    const response = await route.fetch();
    let body = await response.text();
    for (const operation of forced) {
      const marker = `requires:\`${operation}\``;
      replaced[operation] = (replaced[operation] ?? 0) + body.split(marker).length - 1;
      body = body.replaceAll(marker, 'requires:null');
    }
    await route.fulfill({ response, body });
  });
  await sectionWithStaff(page);
  expect(replaced).toEqual({ 'account.change': 1, 'ledger.export': 1, 'backup.create': 1 });

  await openScreen(page, 'アカウント');
  const form = page.getByRole('region', { name: 'アカウントを作成' });
  await form.getByLabel('氏名').fill('佐藤 一郎');
  await form.getByLabel('職員番号').fill('E-9999');
  await form.getByLabel('ユーザーID').fill('sato.manager');
  await form.getByLabel('役割').selectOption({ label: 'セキュリティ管理者' });
  await form.getByLabel('仮パスワード（12文字以上）').fill('自分を管理者にする合言葉');
  await form.getByLabel('仮パスワード（確認）').fill('自分を管理者にする合言葉');
  await form.getByRole('button', { name: '作成する' }).click();
  await expect(form.getByRole('alert')).toHaveText(NOT_PERMITTED);

  // Promote oneself, unlock or review someone: refused the same way.
  await page.getByRole('row', { name: /yamada/ }).getByRole('button', { name: '権限を確認した' }).click();
  await expect(page.getByRole('alert').filter({ hasText: NOT_PERMITTED }).first()).toBeVisible();
  const security = page.getByRole('region', { name: 'セキュリティの設定' });
  await security.getByLabel('ロックするまでの失敗回数').fill('10');
  await security.getByRole('button', { name: '設定を保存' }).click();
  await expect(security.getByRole('alert')).toHaveText(NOT_PERMITTED);

  await openScreen(page, '書出し・取込み');
  await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
  await expect(page.getByText(NOT_PERMITTED)).toBeVisible();

  // The manager finds nothing changed: no new account, no signing key.
  await logout(page);
  await login(page, section.userId, section.password);
  await openScreen(page, 'アカウント');
  await expect(page.getByRole('row', { name: /sato\.manager/ })).toHaveCount(0);
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('table').getByText('sato.manager')).toHaveCount(0);
});
