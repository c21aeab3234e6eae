/**
 * Day one (issue 14): a new security manager who knows Excel goes from first run to a signed export
 * without a manual: set up, paste ten assets from Excel, classify them, have a second manager approve,
 * print the media's labels, back up, export. Every step goes through the screens as a person would, and
 * the test counts what the person did (clicks, fields typed, choices, keys, pastes) and prints it, so
 * a change that makes the first day longer shows in the figure.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { chooseOffLedgerMedium, completeSetup, createAccountAsManager, expect, loginFirstTime, logout, openScreen, test } from './fixtures';

type Counts = Record<'click' | 'field' | 'choice' | 'key' | 'paste', number>;

/**
 * Counts user actions in the page: a click; a text field left changed (one per field however long
 * the text); a choice from a drop-down; Enter/Escape/Tab; a paste. Only events the browser marks as
 * coming from the user are counted, except the paste, which the test dispatches (the clipboard of a
 * headless browser cannot be filled from outside).
 */
async function countUserActions(page: Page): Promise<Counts> {
  const counts: Counts = { click: 0, field: 0, choice: 0, key: 0, paste: 0 };
  await page.exposeFunction('daichoUserAction', (kind: keyof Counts) => void counts[kind]++);
  await page.addInitScript(() => {
    const count = (kind: string) => (window as unknown as { daichoUserAction: (k: string) => void }).daichoUserAction(kind);
    document.addEventListener('click', (e) => e.isTrusted && e.detail > 0 && count('click'), true);
    document.addEventListener('keydown', (e) => e.isTrusted && ['Enter', 'Escape', 'Tab'].includes(e.key) && count('key'), true);
    document.addEventListener('paste', () => count('paste'), true);
    document.addEventListener(
      'change',
      (e) => {
        const target = e.target as HTMLInputElement;
        if (target.tagName === 'SELECT') count('choice');
        else if (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && !['checkbox', 'radio', 'file'].includes(target.type))) count('field');
      },
      true,
    );
  });
  return counts;
}

/** The browser's print dialog cannot be driven; this stands in for it (see labels.spec.ts). */
async function replacePrintDialog(page: Page) {
  await page.addInitScript(() => {
    window.print = () => undefined;
  });
}

/** Ten rows as a manager copies them from the section's old Excel list, with its header row. */
const excelRows = [
  ['管理番号', '名称', '種類', '形式', '所在', '所管課', '管理者', '利用者の範囲', 'ネットワーク区分', '個人情報の種類'],
  ['SM-00101', '住民基本台帳システムの住民記録', '情報', '電子', '本庁舎3階 サーバ室', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '特定個人情報'],
  ['SM-00102', '印鑑登録原票', '紙文書', '紙', '本庁舎1階 書庫', '市民課', '市民課長', '市民課職員', '該当なし（紙・単体）', '個人情報'],
  ['SM-00103', '住民異動届（令和8年度）', '紙文書', '紙', '本庁舎1階 書庫', '市民課', '市民課長', '市民課職員', '該当なし（紙・単体）', '個人情報'],
  ['SM-00104', '戸籍の附票の写し交付記録', '情報', '電子', '本庁舎3階 サーバ室', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '個人情報'],
  ['SM-00105', 'マイナンバーカード交付予約簿', '情報', '電子', '本庁舎3階 サーバ室', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '特定個人情報'],
  ['SM-00106', '証明書交付申請書綴り', '紙文書', '紙', '本庁舎1階 窓口', '市民課', '市民課長', '市民課職員', '該当なし（紙・単体）', '個人情報'],
  ['SM-00107', '住民票コード通知の控え', '情報', '電子', '本庁舎3階 サーバ室', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '特定個人情報'],
  ['SM-00108', '転出証明書の発行記録', '情報', '電子', '本庁舎3階 サーバ室', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '個人情報'],
  ['SM-00109', '窓口来庁者アンケート（回答票）', '紙文書', '紙', '本庁舎1階 窓口', '市民課', '市民課長', '市民課職員', '該当なし（紙・単体）', '個人情報'],
  ['SM-00110', '住民記録の照会回答書', '紙文書', '紙', '本庁舎1階 書庫', '市民課', '市民課長', '市民課職員', '該当なし（紙・単体）', '個人情報'],
];

test('day one: set up, paste ten assets, classify, approve with a second manager, labels, backup and a signed export', async ({ page }, testInfo) => {
  // Four deliberate password hashes (setup, account creation, two sign-ins), seconds each on a busy machine.
  test.setTimeout(300_000);
  await page.setViewportSize({ width: 1366, height: 768 });
  const counts = await countUserActions(page);
  await replacePrintDialog(page);
  await completeSetup(page);
  const guide = page.getByRole('region', { name: /はじめての手順/ });
  await expect(guide.getByRole('heading')).toHaveText('はじめての手順（残り6つ）');

  // 1. Register: paste the rows copied from Excel.
  await guide.getByRole('button', { name: '貼り付けて登録' }).click();
  await page.getByLabel('Excelからコピーした表').focus();
  await page.getByLabel('Excelからコピーした表').evaluate((element, data) => {
    const transfer = new DataTransfer();
    transfer.setData('text/plain', data);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  }, excelRows.map((row) => row.join('\t')).join('\r\n'));
  await page.getByRole('button', { name: '10件を登録する' }).click();
  await expect(page.getByText('10件を登録しました。', { exact: false })).toBeVisible();

  // 2. Classify all ten with one set of answers (each its own proposal).
  await page.getByRole('checkbox', { name: '表示している資産をすべて選択' }).check();
  await page.getByRole('region', { name: '選択した資産' }).getByRole('button', { name: '選択した資産をまとめて分類' }).click();
  await expect(page.getByRole('heading', { name: '分類ウィザード — 10件をまとめて分類' })).toBeVisible();
  const personal = page.getByRole('radio', { name: '個人情報が含まれる', exact: true });
  await personal.check();
  await personal.press('Enter');
  await page.getByRole('button', { name: '10件をこの分類で提案する' }).click();
  await expect(page.getByRole('heading', { name: '情報資産台帳', exact: true })).toBeVisible();
  // Alone, the manager is told a second manager must approve.
  await expect(guide.getByRole('listitem').filter({ hasText: 'セキュリティ管理者が1人しかいない' })).toBeVisible();

  // 3. A second manager approves.
  await createAccountAsManager(page, { name: '田中 次長', userId: 'tanaka', role: 'セキュリティ管理者', password: '田中さんの仮パスワード2026' });
  await logout(page);
  await loginFirstTime(page, 'tanaka', '田中さんの仮パスワード2026', '田中が自分で決めた合言葉です');
  await page.getByRole('navigation', { name: '主な画面' }).getByRole('button', { name: /承認待ち/ }).click();
  await expect(page.getByText('10 件が承認を待っています。')).toBeVisible();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: '承認できる10件をまとめて承認' }).click();
  await expect(page.getByRole('status').filter({ hasText: '10件の分類を承認しました。' })).toBeVisible();
  await expect(page.getByText('承認待ちの分類はありません。')).toBeVisible();

  // 4. Labels for what gets one (paper here), chosen in the list.
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('checkbox', { name: '表示している資産をすべて選択' }).check();
  const bar = page.getByRole('region', { name: '選択した資産' });
  await bar.getByRole('button', { name: /^ラベル印刷へ/ }).click();
  await expect(page.getByRole('heading', { name: '対象の資産（5件を選択）' })).toBeVisible();
  await page.getByRole('button', { name: 'PDFで保存' }).click();
  await page.getByRole('button', { name: 'できた（記録に残す）' }).click();
  await expect(page.getByRole('region', { name: '印刷の記録' })).toContainText('ラベル5件');

  // 5. Backup, with the signing key made where it is asked for.
  await openScreen(page, 'バックアップ');
  const backup = page.getByRole('region', { name: 'バックアップを作成' });
  await backup.getByRole('button', { name: '署名鍵を作成' }).click();
  await expect(backup.getByRole('status')).toContainText('署名鍵を作成しました。');
  await chooseOffLedgerMedium(backup, '金庫のバックアップ用USBメモリ');
  await backup.getByLabel('パスワード（12文字以上）').fill('市民課バックアップ2026冬');
  await backup.getByLabel('パスワード（確認）').fill('市民課バックアップ2026冬');
  const backupDownload = page.waitForEvent('download');
  await backup.getByRole('button', { name: 'バックアップを保存' }).click();
  await (await backupDownload).saveAs(testInfo.outputPath('day-one.daicho-backup'));
  await expect(backup.getByRole('status')).toContainText('を保存しました');

  // 6. The signed, encrypted export for the central office.
  await openScreen(page, '書出し・取込み');
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await exporting.getByLabel('持出し先').fill('情報政策課（情報セキュリティ事務局）');
  await chooseOffLedgerMedium(exporting);
  await exporting.getByLabel('パスワード（12文字以上）').fill('持出し用のパスワード2026');
  await exporting.getByLabel('パスワード（確認）').fill('持出し用のパスワード2026');
  const exportDownload = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  const exported = testInfo.outputPath('day-one.xlsx');
  await (await exportDownload).saveAs(exported);
  await expect(exporting.getByRole('status')).toContainText('10件');
  expect([...readFileSync(exported).subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);

  // The guide has nothing left to do.
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(guide.getByRole('heading')).toHaveText('はじめての手順（すべて終わりました）');
  await expect(guide.getByRole('list', { name: 'これからの手順' })).toHaveCount(0);

  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  const summary = `day one: ${total} user actions (${counts.click} clicks, ${counts.field} fields typed, ${counts.choice} choices, ${counts.key} keys, ${counts.paste} paste)`;
  console.log(`[e2e] ${summary}`);
  testInfo.annotations.push({ type: 'user actions', description: summary });
  // Sanity, not a target: the count is real (the path cannot be walked with fewer than one action a step).
  expect(total).toBeGreaterThan(30);
});
