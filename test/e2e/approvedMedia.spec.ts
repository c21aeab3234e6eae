/**
 * Approved media (【03】第8条1, 第9条) and the asset picker (issue 14 item 5), driven as a manager would:
 * a USB memory is permitted and labelled before the export may be written to it; the export then names
 * it in the take-out register and the medium holds the ledger, so its class follows (A); the take-out
 * and disposal registers choose assets with the keyboard in a searchable picker.
 */
import type { Page } from '@playwright/test';
import { completeSetup, createAccountAsManager, expect, login, loginFirstTime, logout, pickAsset, registerAsset, section, test, openScreen } from './fixtures';

const SATO = { name: '佐藤 一郎', userId: 'sato', temporary: '佐藤さんの仮パスワード2026', own: '佐藤が自分で決めた合言葉です' };

/** The print dialog cannot be driven by Playwright: it is replaced, and the person confirms the print. */
async function printLabelFor(page: Page, name: string) {
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  const assets = page.getByRole('region', { name: /対象の資産/ });
  await assets.getByRole('checkbox', { name: new RegExp(name) }).check();
  await page.getByRole('button', { name: 'PDFで保存' }).click();
  await page.getByRole('button', { name: 'できた（記録に残す）' }).click();
  await expect(page.getByRole('region', { name: '印刷の記録' })).toContainText('ラベル1件');
}

async function openAsset(page: Page, number: string) {
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('row', { name: new RegExp(number) }).click();
}

test('the export goes only to a permitted, labelled medium; the medium then holds the ledger and is handled as A', async ({ page }) => {
  test.setTimeout(180_000);
  await page.addInitScript(() => {
    window.print = () => undefined;
  });
  await completeSetup(page);
  await registerAsset(page, { name: '提出用USBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await registerAsset(page, { name: '古いUSBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });

  await openScreen(page, '書出し・取込み');
  await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  // Nothing is permitted yet: no medium to choose, and the screen says why for each one.
  await expect(exporting.getByLabel('保存する記録媒体').locator('option')).toHaveText(['選んでください', '台帳にない媒体に保存する（理由を記録）']);
  await exporting.getByText(/選べない記録媒体（2件）/).click();
  await expect(exporting.getByRole('listitem').filter({ hasText: 'SM-00001' })).toContainText('セキュリティ管理者の使用許可がありません（【03】第8条）、分類ラベルが印刷されていません（【03】第5条2）');
  // The screen says what to do while no medium is chosen; once the clerk picks a medium outside the
  // ledger, "no medium to choose" no longer contradicts the form below it.
  await expect(exporting.getByText(/選べる記録媒体がありません/)).toBeVisible();
  await exporting.getByLabel('保存する記録媒体').selectOption({ label: '台帳にない媒体に保存する（理由を記録）' });
  await expect(exporting.getByText(/選べる記録媒体がありません/)).toHaveCount(0);
  await exporting.getByLabel('保存する記録媒体').selectOption({ label: '選んでください' });

  // The manager permits SM-00001 on its ledger entry (who and when are shown), and prints its label.
  await openAsset(page, 'SM-00001');
  const permission = page.getByRole('region', { name: '記録媒体の使用許可' });
  await expect(permission).toContainText('許可されていません');
  await permission.getByLabel('許可のメモ（任意）').fill('事務局への提出用');
  await permission.getByRole('button', { name: '使用を許可する' }).click();
  await expect(permission).toContainText(`許可済み（${section.operator}`);
  await expect(permission).toContainText('事務局への提出用');
  await expect(page.getByRole('region', { name: '変更履歴' })).toContainText(`許可（${section.operator}`);
  await printLabelFor(page, '提出用USBメモリ');

  await openScreen(page, '書出し・取込み');
  await exporting.getByLabel('持出し先').fill('情報政策課');
  // Without a medium nothing is written.
  await exporting.getByLabel('パスワード（12文字以上）').fill('書出し用のパスワード2026');
  await exporting.getByLabel('パスワード（確認）').fill('書出し用のパスワード2026');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await expect(exporting.getByRole('alert')).toHaveText('保存する媒体を選んでください（持出しの記録に残ります）。');
  await exporting.getByLabel('保存する記録媒体').selectOption({ label: 'SM-00001 提出用USBメモリ（金庫）' });
  const download = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await download;
  await expect(exporting.getByRole('status')).toContainText('持出しの記録に残しました');

  // The take-out register names the medium; the medium now holds the ledger (SM-00003) and is handled as A.
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  await expect(page.getByRole('table', { name: '持出しの記録' }).getByRole('row', { name: /SM-00003/ })).toContainText('台帳の書出し');
  await openAsset(page, 'SM-00001');
  const contents = page.getByRole('region', { name: '収納している資産' });
  await expect(contents.locator('ul.contents')).toContainText('情報資産台帳（市民課・書出し／バックアップ）');
  await expect(page.getByRole('region', { name: '分類' })).toContainText('由来: SM-00003');
  await expect(page.getByRole('region', { name: '分類' })).toContainText('重要性分類A');

  // Withdrawn, the medium can no longer be chosen.
  await permission.getByLabel('取り消す理由（任意）').fill('紛失のため');
  await permission.getByRole('button', { name: '使用許可を取り消す' }).click();
  await expect(permission).toContainText('許可されていません');
  await openScreen(page, '書出し・取込み');
  await expect(exporting.getByLabel('保存する記録媒体').locator('option')).toHaveCount(2);
});

test('staff are told only a manager grants a medium permission; registers choose assets in a keyboard picker', async ({ page }) => {
  test.setTimeout(180_000);
  await completeSetup(page);
  await registerAsset(page, { name: 'バックアップ用USBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await registerAsset(page, { name: '住民記録 DVD-R', location: '書庫B', custodian: '市民課長', kind: '記録媒体' });
  await createAccountAsManager(page, { name: SATO.name, userId: SATO.userId, role: '担当者', password: SATO.temporary });
  await logout(page);
  await loginFirstTime(page, SATO.userId, SATO.temporary, SATO.own);

  await openAsset(page, 'SM-00001');
  const permission = page.getByRole('region', { name: '記録媒体の使用許可' });
  await expect(permission).toContainText('使用許可を与える・取り消すのはセキュリティ管理者です。');
  await expect(permission.getByRole('button')).toHaveCount(0);

  // Take-out: found by location, moved through with the arrow keys, chosen with Enter.
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  const takeOuts = page.getByRole('region', { name: '持出し', exact: true });
  const box = takeOuts.getByRole('combobox', { name: '持ち出す資産' });
  await box.fill('金庫');
  const options = takeOuts.getByRole('listbox', { name: '持ち出す資産の候補' }).getByRole('option');
  await expect(options).toHaveCount(1);
  await box.fill('');
  await box.press('ArrowDown');
  await expect(options).toHaveCount(2);
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  await box.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /option-1$/);
  await box.press('Enter');
  await expect(takeOuts).toContainText('選択中: SM-00002 住民記録 DVD-R（書庫B）');
  await expect(box).toHaveAttribute('aria-expanded', 'false');

  // Nothing matches: the picker says so instead of accepting an unknown number.
  await box.fill('SM-99999');
  await expect(takeOuts).toContainText('該当する資産がありません。');
  await expect(takeOuts.getByRole('button', { name: '持出しを申請' })).toBeDisabled();

  await pickAsset(takeOuts, '持ち出す資産', 'DVD', 'SM-00002');
  await takeOuts.getByLabel('目的').fill('住民説明会での説明');
  await takeOuts.getByLabel('持出し先').fill('北口会館');
  await takeOuts.getByLabel('持ち出す媒体・方法').fill('暗号化USBメモリ');
  await takeOuts.getByLabel('返却予定日').fill(new Date(Date.now() + 2 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10));
  await takeOuts.getByRole('button', { name: '持出しを申請' }).click();
  await expect(page.getByRole('status')).toContainText('持出しを申請しました');
  await expect(page.getByRole('table', { name: '持出しの記録' }).getByRole('row', { name: /SM-00002/ })).toContainText('申請中');

  // Staff cannot reach a manager's permission through the data layer either: the manager grants it.
  await logout(page);
  await login(page, section.userId, section.password);
  await openAsset(page, 'SM-00002');
  await permission.getByRole('button', { name: '使用を許可する' }).click();
  await expect(permission).toContainText('許可済み');
});
