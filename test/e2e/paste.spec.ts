import type { Page } from '@playwright/test';
import { completeSetup, expect, login, section, test } from './fixtures';

/** Pastes text into the focused box as Ctrl+V from Excel would: a paste event carrying text/plain. */
async function pasteText(page: Page, label: string, text: string) {
  await page.getByLabel(label).evaluate((element, data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, text);
}

test('rows pasted from Excel are checked like the form, fixed in place and registered all at once', async ({ page }) => {
  await completeSetup(page);
  await page.getByRole('button', { name: 'Excelから貼り付けて登録' }).click();
  // As Excel copies a range: a header row, CR LF line ends, a quoted cell holding a line break.
  const rows = [
    ['管理番号', '名称', '種類', '形式', '所在', '所管課', '管理者', 'ネットワーク区分', '個人情報の種類'],
    ['SM-10001', '住民基本台帳', '情報', '電子', '市民課', '市民課', '市民課長', 'マイナンバー利用事務系', '特定個人情報'],
    ['SM-10002', '"窓口受付簿\n（令和8年度）"', '紙文書', '紙', '書庫', '市民課', '市民課長', '該当なし（紙・単体）', '個人情報'],
    ['SM-10003', 'バックアップ用USBメモリ', 'パソコン周辺', '電子', '金庫', '市民課', '市民課長', 'マイナンバー利用事務系', 'なし'],
  ];
  await pasteText(page, 'Excelからコピーした表', rows.map((r) => r.join('\t')).join('\r\n') + '\r\n');

  const grid = page.getByRole('table', { name: '貼り付けた行' });
  await expect(grid.getByRole('rowheader')).toHaveCount(3);
  await expect(page.getByRole('alert')).toContainText('1行に誤りがあります');
  await expect(grid.getByRole('note')).toContainText('種類「パソコン周辺」は一覧にない値です');
  await expect(grid.getByLabel('3行目 名称')).toHaveValue('窓口受付簿\n（令和8年度）');

  await grid.getByLabel('4行目 種類').fill('記録媒体');
  await page.getByRole('button', { name: '3件を登録する' }).click();
  await expect(page.getByText('3件を登録しました。', { exact: false })).toBeVisible();
  const list = page.getByRole('table', { name: '情報資産の一覧' });
  for (const name of ['住民基本台帳', 'バックアップ用USBメモリ']) await expect(list.getByText(name)).toBeVisible();

  // A second paste of the same numbers is refused row by row, and nothing is registered twice.
  await page.getByRole('button', { name: 'Excelから貼り付けて登録' }).click();
  await pasteText(page, 'Excelからコピーした表', rows.slice(0, 2).map((r) => r.join('\t')).join('\r\n'));
  await expect(page.getByRole('table', { name: '貼り付けた行' }).getByRole('note')).toContainText('管理番号「SM-10001」はすでに台帳にあります');
});

test('rows without a header are read in the ledger order; a missing required column can be given for all rows', async ({ page }) => {
  await completeSetup(page);
  await page.getByRole('button', { name: 'Excelから貼り付けて登録' }).click();
  await pasteText(page, 'Excelからコピーした表', 'SM-20001\t課内共有フォルダ\t情報\t電子\tファイルサーバ\t市民課\t市民課長');
  await expect(page.getByText('次の必須項目の列がありません', { exact: false })).toBeVisible();
  await page.getByLabel('ネットワーク区分（全行に同じ値）').selectOption({ label: 'LGWAN接続系' });
  await page.getByRole('button', { name: '1件を登録する' }).click();
  await expect(page.getByText('1件を登録しました。', { exact: false })).toBeVisible();
  await expect(page.getByRole('table', { name: '情報資産の一覧' }).getByText('課内共有フォルダ')).toBeVisible();
});

test('the first-day guide follows what has been done, opens each step, and can be hidden and brought back', async ({ page }) => {
  await completeSetup(page);
  const guide = page.getByRole('region', { name: /はじめての手順/ });
  await expect(guide.getByRole('heading')).toHaveText('はじめての手順（残り6つ）');
  await expect(guide).toContainText('済み: 初期設定');

  await guide.getByRole('button', { name: '貼り付けて登録' }).click();
  await pasteText(page, 'Excelからコピーした表', 'SM-30001\t予備USBメモリ\t記録媒体\t電子\t金庫\t市民課\t市民課長\t市民課職員\tマイナンバー利用事務系');
  await page.getByRole('button', { name: '1件を登録する' }).click();
  await expect(guide.getByRole('heading')).toHaveText('はじめての手順（残り5つ）');
  await expect(guide).toContainText('済み: 初期設定・資産を登録する');
  await expect(guide.getByRole('listitem').nth(0)).toContainText('分類していない資産が1件あります。');
  await expect(guide.getByRole('listitem').nth(1)).toContainText('セキュリティ管理者が1人しかいない');

  await guide.getByRole('listitem').filter({ hasText: '分類ラベルを貼る' }).getByRole('button', { name: '開く' }).click();
  await expect(page.getByRole('heading', { name: '分類ラベルの印刷' })).toBeVisible();
  await page.getByRole('button', { name: '台帳一覧' }).click();

  await guide.getByRole('button', { name: 'この案内を閉じる' }).click();
  await expect(guide).toHaveCount(0);
  await page.reload();
  await login(page, section.userId, section.password);
  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible();
  await expect(page.getByRole('region', { name: /はじめての手順/ })).toHaveCount(0);
  await page.getByRole('button', { name: 'はじめての手順' }).click();
  await expect(page.getByRole('region', { name: /はじめての手順/ })).toBeVisible();
});
