import { readFileSync, writeFileSync } from 'node:fs';
import { completeSetup, expect, login, registerAsset, section, test, chooseOffLedgerMedium, openScreen } from './fixtures';

test('backs up the ledger encrypted, then restores it after a change, refusing a wrong password', async ({ page }, testInfo) => {
  await completeSetup(page);
  await expect(page.getByText('まだバックアップがありません。', { exact: false })).toBeVisible();
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長' });
  await registerAsset(page, { name: '職員名簿', location: '人事課', custodian: '人事課長' });

  // The backup is signed with this terminal's key: without one, the screen says so and makes it right there.
  await openScreen(page, 'バックアップ');
  const noKey = page.getByRole('region', { name: 'バックアップを作成' });
  const missing = noKey.getByRole('alert').filter({ hasText: 'この端末には署名鍵がまだありません。バックアップには署名が必要です。' });
  await expect(missing).toBeVisible();
  await missing.getByRole('button', { name: '署名鍵を作成' }).click();
  await expect(noKey.getByRole('status')).toContainText('署名鍵を作成しました。');
  await expect(missing).toHaveCount(0);

  const create = page.getByRole('region', { name: 'バックアップを作成' });
  await create.getByLabel('パスワード（12文字以上）').fill('short');
  await create.getByLabel('パスワード（確認）').fill('short');
  await create.getByRole('button', { name: 'バックアップを保存' }).click();
  await expect(create.getByRole('alert')).toHaveText('パスワードは12文字以上にしてください。');

  await create.getByLabel('パスワード（12文字以上）').fill('市民課バックアップ2026春');
  await create.getByLabel('パスワード（確認）').fill('市民課バックアップ2026春');
  await create.getByRole('button', { name: 'バックアップを保存' }).click();
  await expect(create.getByRole('alert')).toHaveText('保存する媒体を選んでください（持出しの記録に残ります）。');
  await chooseOffLedgerMedium(create, '金庫のバックアップ用USBメモリ');
  const downloadPromise = page.waitForEvent('download');
  await create.getByRole('button', { name: 'バックアップを保存' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^市民課_\d{4}-\d{2}-\d{2}\.daicho-backup$/);
  const backupPath = testInfo.outputPath('backup.daicho-backup');
  await download.saveAs(backupPath);
  await expect(create.getByRole('status')).toContainText('バックアップ「市民課_');

  // A change after the backup, which the restore takes back.
  await registerAsset(page, { name: 'バックアップ後に登録した資産', location: '金庫', custodian: '市民課長' });
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 3 件');
  await expect(page.getByText('まだバックアップがありません。', { exact: false })).toHaveCount(0);

  await openScreen(page, 'バックアップ');
  const restore = page.getByRole('region', { name: 'バックアップから復元・復元テスト' });
  await restore.getByLabel('バックアップファイル').setInputFiles(backupPath);
  await restore.getByLabel('パスワード').fill('まちがったパスワード');
  await restore.getByRole('button', { name: 'ファイルを確認' }).click();
  // scrypt at the app's cost takes seconds on a busy machine.
  await expect(restore.getByRole('alert')).toContainText('パスワードが違います。', { timeout: 30_000 });

  // One byte changed after signing: refused before the password is even tried.
  const tampered = readFileSync(backupPath);
  tampered[tampered.length - 100]! ^= 0x01;
  const tamperedPath = testInfo.outputPath('tampered.daicho-backup');
  writeFileSync(tamperedPath, tampered);
  await restore.getByLabel('バックアップファイル').setInputFiles(tamperedPath);
  await restore.getByLabel('パスワード').fill('市民課バックアップ2026春');
  await restore.getByRole('button', { name: 'ファイルを確認' }).click();
  await expect(restore.getByRole('alert')).toContainText('バックアップの署名が一致しません');
  await restore.getByLabel('バックアップファイル').setInputFiles(backupPath);

  await restore.getByLabel('パスワード').fill('市民課バックアップ2026春');
  await restore.getByRole('button', { name: 'ファイルを確認' }).click();
  const summary = page.getByRole('region', { name: 'バックアップの内容' });
  await expect(summary).toContainText('西宮市 市民課', { timeout: 30_000 });
  await expect(summary).toContainText(/情報資産\s*2 件/);
  await expect(summary).toContainText('改ざんは検出されませんでした');

  await restore.getByRole('button', { name: '復元テストを実行（台帳は変更しません）' }).click();
  await expect(restore.getByRole('status').filter({ hasText: '復元テスト' })).toContainText('一致しました');

  page.once('dialog', (dialog) => void dialog.accept());
  await restore.getByRole('button', { name: 'この内容で台帳を置き換える' }).click();
  await expect(restore.getByRole('status').filter({ hasText: '復元しました' })).toBeVisible();
  // Right after a restore the terminal knows a backup exists: no "まだありません", no reminder.
  await expect(page.getByText('前回のバックアップ: まだありません')).toHaveCount(0);

  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 2 件');
  await expect(page.getByText('まだバックアップがありません', { exact: false })).toHaveCount(0);
  await expect(page.getByRole('row', { name: /バックアップ後に登録した資産/ })).toHaveCount(0);
  await page.reload();
  await login(page, section.userId, section.password);
  await expect(page.getByLabel('件数')).toContainText('全 2 件');
});

test('refuses a file that is not a backup and leaves the ledger as it was', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長' });
  await openScreen(page, 'バックアップ');
  const restore = page.getByRole('region', { name: 'バックアップから復元・復元テスト' });
  await restore.getByLabel('バックアップファイル').setInputFiles({ name: 'ledger.daicho-backup', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 this is an Excel file, not a backup') });
  await restore.getByLabel('パスワード').fill('なんでもよいパスワード');
  await restore.getByRole('button', { name: 'ファイルを確認' }).click();
  await expect(restore.getByRole('alert')).toContainText('Daichō のバックアップではありません');
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 1 件');
});
