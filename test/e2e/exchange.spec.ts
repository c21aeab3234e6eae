import * as XLSX from '@e965/xlsx';
import { readFileSync, writeFileSync } from 'node:fs';
import { completeSetup, createAccountAsManager, expect, loginFirstTime, logout, passwordWork, registerAsset, test, chooseOffLedgerMedium, openScreen, screensOffered } from './fixtures';
import { ipaLedgerWorkbook } from '../fixtures/legacyLedger';

const exportPassword = '持出し用のパスワード2026';

test('exports a signed, encrypted ledger; another terminal types the fingerprint read out to it, sees the difference and imports it; a tampered copy and a replay are refused', async ({ page, browser }, testInfo) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長', personal: '特定個人情報' });
  await registerAsset(page, { name: '=HYPERLINK("http://example.invalid","窓口案内")', location: '本庁舎1階', custodian: '市民課長' });

  await openScreen(page, '書出し・取込み');
  const keys = page.getByRole('region', { name: 'この端末の署名鍵' });
  await keys.getByRole('button', { name: '署名鍵を作成' }).click();
  await expect(keys.getByRole('status')).toContainText('署名鍵を作成しました。');
  const fingerprint = (await keys.locator('.fingerprint').textContent())!;
  expect(fingerprint).toMatch(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/);
  await expect(keys).toContainText('ブラウザーのデータを複製すると取り出せるおそれがあります');

  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await exporting.getByLabel('持出し先').fill('情報政策課');
  await chooseOffLedgerMedium(exporting);
  await expect(exporting.getByLabel(/パスワードで暗号化する/)).toBeChecked();
  await exporting.getByLabel('パスワード（12文字以上）').fill(exportPassword);
  await exporting.getByLabel('パスワード（確認）').fill(exportPassword);
  const downloadPromise = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  const download = await downloadPromise;
  expect(download.suggestedFilename()).toMatch(/^情報資産台帳_市民課_\d{8}-\d{4}\.xlsx$/);
  const exported = testInfo.outputPath('ledger.xlsx');
  await download.saveAs(exported);
  await expect(exporting.getByRole('status')).toContainText('2件、通番 1');
  // The file is an encrypted Office document, not a readable zip.
  expect([...readFileSync(exported).subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]);

  // The export is a take-out in the register.
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  await expect(page.getByRole('table', { name: '持出しの記録' })).toContainText('情報政策課');

  // Another terminal (the central office): its own setup, then the import.
  const office = await browser.newPage();
  await completeSetup(office);
  await openScreen(office, '書出し・取込み');
  const importing = office.getByRole('region', { name: '署名付き台帳の取込み' });
  await importing.getByLabel('台帳ファイル（.xlsx）').setInputFiles(exported);
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  await expect(importing.getByRole('alert')).toContainText('パスワードで暗号化されています');
  await importing.getByLabel('パスワード（暗号化されている場合）').fill('違うパスワードです2026');
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  // Each try derives the file's key (Excel's 100,000 password spins): seconds on a busy machine.
  await expect(importing.getByRole('alert')).toContainText('パスワードが違います。', passwordWork);
  await importing.getByLabel('パスワード（暗号化されている場合）').fill(exportPassword);
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  const unknown = importing.getByRole('region', { name: '未登録の鍵' });
  // The fingerprint is read out by the exporting section, not copied from this screen.
  await expect(unknown).not.toContainText(fingerprint);
  await expect(unknown).not.toContainText(fingerprint.slice(0, 9));
  const accept = unknown.getByRole('button', { name: '鍵を登録して続ける' });
  await expect(accept).toBeDisabled(passwordWork);
  const typed = unknown.getByLabel('相手が読み上げた鍵ID（20文字）');
  await typed.fill(fingerprint.slice(0, 14)); // the old 12-character form is not enough
  await expect(unknown).toContainText('鍵IDは20文字です');
  await expect(accept).toBeDisabled();
  const last = fingerprint.at(-1) === 'Z' ? 'Y' : 'Z';
  await typed.fill(fingerprint.slice(0, -1) + last); // misheard
  await expect(unknown.getByRole('alert')).toContainText('一致しません');
  await expect(accept).toBeDisabled();
  // As typed on a Japanese keyboard: full-width, lower case, spaces instead of hyphens.
  const fullWidth = fingerprint.toLowerCase().replace(/-/g, '　').replace(/[0-9a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  await typed.fill(fullWidth);
  await expect(unknown).toContainText('鍵IDが一致しました');
  const section = unknown.getByLabel('課名（電話で確かめてください）');
  await expect(section).toHaveValue('市民課');
  await section.fill('市民課（住民記録係）');
  await accept.click();
  const diff = importing.getByRole('region', { name: '取込みの内容' });
  await expect(diff).toContainText('追加 2件・変更 0件');
  await expect(diff).toContainText('住民基本台帳');
  await diff.getByRole('button', { name: '取り込む' }).click();
  await expect(importing.getByRole('status')).toContainText('取り込みました（追加 2件、変更 0件）');
  // The trusted key keeps the names confirmed on the phone, and shows its full fingerprint.
  const trustedTable = office.getByRole('table', { name: '信頼する鍵の一覧' });
  await expect(trustedTable.getByRole('row', { name: /市民課（住民記録係）/ })).toContainText(fingerprint);
  await office.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(office.getByLabel('件数')).toContainText('全 2 件');
  // The formula-like name arrived as text, exactly as typed.
  await expect(office.getByRole('row', { name: /=HYPERLINK\("http:\/\/example.invalid","窓口案内"\)/ })).toBeVisible();

  // The same file again is a replay.
  await openScreen(office, '書出し・取込み');
  await importing.getByLabel('台帳ファイル（.xlsx）').setInputFiles(exported);
  await importing.getByLabel('パスワード（暗号化されている場合）').fill(exportPassword);
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  await expect(importing.getByRole('alert')).toContainText('古い台帳の再取込みは受け付けません', passwordWork);

  // A new export edited in a spreadsheet (one cell) is refused, naming the row.
  await openScreen(page, '書出し・取込み');
  await exporting.getByLabel('持出し先').fill('情報政策課');
  await chooseOffLedgerMedium(exporting);
  await exporting.getByLabel(/パスワードで暗号化する/).uncheck();
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await expect(exporting.getByRole('alert')).toContainText('暗号化しない場合は、その理由を5文字以上で入力してください');
  await exporting.getByLabel(/暗号化しない理由/).fill('テスト用の公開情報のみのため暗号化しない');
  const second = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  const plainPath = testInfo.outputPath('plain.xlsx');
  await (await second).saveAs(plainPath);
  const book = XLSX.read(readFileSync(plainPath), { type: 'buffer' });
  book.Sheets['情報資産台帳']!['E3'] = { t: 's', v: '持ち出し先で書き換えた所在' };
  const tampered = testInfo.outputPath('tampered.xlsx');
  writeFileSync(tampered, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer);
  await importing.getByLabel('台帳ファイル（.xlsx）').setInputFiles(tampered);
  await importing.getByLabel('パスワード（暗号化されている場合）').fill('');
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  await expect(importing.getByRole('alert')).toContainText('3行目（見出しを1行目として）が書き出した後に変更されています');
  await office.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(office.getByLabel('件数')).toContainText('全 2 件');
  await office.close();
});

test('imports a legacy IPA-style ledger after mapping its columns, refusing the whole file while a row is wrong', async ({ page }, testInfo) => {
  await completeSetup(page);
  await openScreen(page, '書出し・取込み');
  await page.getByRole('button', { name: '既存台帳の取込みへ' }).click();
  // The screen is loaded on demand: until its heading shows, the exchange screen (which has a file
  // field of the same name) is still the one on display.
  await expect(page.getByRole('heading', { name: '既存台帳の取込み', level: 1 })).toBeVisible();
  const file = testInfo.outputPath('ipa.xlsx');
  writeFileSync(file, ipaLedgerWorkbook());
  await page.getByLabel('台帳ファイル（.xlsx）').setInputFiles(file);
  await expect(page.getByLabel('名称の列')).toHaveValue('情報資産名称');
  const preview = page.getByRole('region', { name: '確認' });
  await expect(preview.getByRole('alert')).toContainText('2件の行に誤りがあります');
  await expect(preview.getByRole('alert')).toContainText('5行目: 種類がありません');

  for (const [field, value] of [['種類', '情報'], ['形式', '電子'], ['ネットワーク区分', 'マイナンバー利用事務系']] as const) {
    await page.getByLabel(`${field}の列`, { exact: true }).selectOption({ label: '（全行に同じ値）' });
    await page.getByLabel(`${field}の値`, { exact: true }).selectOption({ label: value });
  }
  await page.getByLabel('所管課の列', { exact: true }).selectOption({ label: '（全行に同じ値）' });
  await page.getByLabel('所管課の値', { exact: true }).fill('市民課');
  await expect(preview.getByRole('status')).toContainText('2件を取り込めます');
  await page.getByLabel('この対応を保存').fill('IPA様式');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: '列の対応「IPA様式」を保存しました' })).toBeVisible();
  await preview.getByRole('button', { name: '2件を取り込む' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2件を取り込みました' })).toBeVisible();

  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 2 件');
  await expect(page.getByRole('row', { name: /住民票発行データ/ })).toContainText('提案中');

  // The same file a second time (a clerk unsure the first import worked): the preview names both rows
  // and offers no import button.
  await openScreen(page, '書出し・取込み');
  await page.getByRole('button', { name: '既存台帳の取込みへ' }).click();
  await expect(page.getByRole('heading', { name: '既存台帳の取込み', level: 1 })).toBeVisible();
  await page.getByLabel('台帳ファイル（.xlsx）').setInputFiles(file);
  await page.getByLabel('保存した対応を使う').selectOption('IPA様式');
  await expect(preview.getByRole('alert')).toContainText('5行目: 管理番号「SM-L001」はすでに台帳にあります。');
  await expect(preview.getByRole('alert')).toContainText('6行目: 管理番号「SM-L002」はすでに台帳にあります。');
  await expect(preview.getByRole('button', { name: /取り込む/ })).toHaveCount(0);
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 2 件');
});

test('exports only the assets of the current filter, and only a security manager sees the exchange screen', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口案内の掲示物', location: '本庁舎1階', custodian: '市民課長' });
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長', personal: '特定個人情報' });
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('searchbox').fill('掲示物');
  await page.getByRole('button', { name: '絞り込んだ 1件を書き出す' }).click();
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await expect(exporting).toContainText('台帳一覧で絞り込んだ資産（1件）');
  await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
  await exporting.getByLabel('持出し先').fill('情報政策課');
  await chooseOffLedgerMedium(exporting);
  // No personal information, but not classified yet: undecided, handled at the strictest class (【03】第6条3),
  // so leaving it unencrypted needs a reason, and the message says why.
  await exporting.getByLabel(/パスワードで暗号化する/).uncheck();
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await expect(exporting.getByRole('alert')).toContainText('分類が決まっていない資産（SM-00001）');
  await exporting.getByLabel(/暗号化しない理由/).fill('掲示済みの案内文のみのため暗号化しない');
  const download = page.waitForEvent('download');
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  const file = await (await download).path();
  await expect(exporting.getByRole('status')).toContainText('1件、通番 1');
  const rows = XLSX.utils.sheet_to_json<string[]>(XLSX.read(readFileSync(file!), { type: 'buffer' }).Sheets['情報資産台帳']!, { header: 1 });
  expect(rows.map((r) => r[1])).toEqual(['名称', '窓口案内の掲示物']);

  // Staff neither see the screen nor the filtered-export button.
  await createAccountAsManager(page, { name: '佐藤 一郎', userId: 'sato', role: '担当者', password: '佐藤さんの仮パスワード2026' });
  await logout(page);
  await loginFirstTime(page, 'sato', '佐藤さんの仮パスワード2026', '佐藤さんの新しいパスワード2026');
  await page.getByRole('searchbox').fill('掲示物');
  await expect(page.getByRole('row', { name: /窓口案内の掲示物/ })).toBeVisible();
  expect(await screensOffered(page)).not.toContain('書出し・取込み');
  await expect(page.getByRole('button', { name: /件を書き出す/ })).toHaveCount(0);
});

test('shows a progress bar and 中止 while the export runs in its worker, stays usable meanwhile, and cancels without a file or a record', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長', personal: '特定個人情報' });
  await openScreen(page, '書出し・取込み');
  await page.getByRole('region', { name: 'この端末の署名鍵' }).getByRole('button', { name: '署名鍵を作成' }).click();
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await exporting.getByLabel('持出し先').fill('情報政策課');
  await chooseOffLedgerMedium(exporting);
  await exporting.getByLabel('パスワード（12文字以上）').fill(exportPassword);
  await exporting.getByLabel('パスワード（確認）').fill(exportPassword);
  // Holds the worker's script back, so the job is still running while the page is used.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/ledgerWorker-[^/]*\.js$/, async (route) => {
    await held;
    // 中止 ends the worker, which may abandon this request before it is let through.
    await route.continue().catch(() => undefined);
  });
  let downloads = 0;
  page.on('download', () => downloads++);
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await expect(exporting.getByRole('progressbar', { name: '書出し' })).toBeVisible();
  // The window answers: another field takes typing, and the key list still opens its controls.
  await exporting.getByLabel('台帳にない媒体', { exact: true }).fill('許可USBメモリ SM-000121');
  await expect(exporting.getByLabel('台帳にない媒体', { exact: true })).toHaveValue('許可USBメモリ SM-000121');
  await exporting.getByRole('button', { name: '中止' }).click();
  await expect(exporting.getByRole('status')).toContainText('書き出しを中止しました');
  await expect(exporting.getByRole('progressbar')).toHaveCount(0);
  release();
  await page.unroute(/ledgerWorker-[^/]*\.js$/);

  // Run again: the file comes with sequence number 1. The cancelled export reserved none: the worker
  // asks for the number only after reading and checking the assets, and it was cancelled before.
  // Excel's 100,000 password spins take a while on a busy machine: wait for the file, not for a fixed second.
  const download = page.waitForEvent('download', { timeout: 60_000 });
  await exporting.getByRole('button', { name: '署名して書き出す' }).click();
  await download;
  await expect(exporting.getByRole('status')).toContainText('1件、通番 1');
  expect(downloads).toBe(1);
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  await expect(page.getByRole('table', { name: '持出しの記録' }).getByRole('row', { name: /情報政策課/ })).toHaveCount(1);
});

test('refuses a file that is not a workbook, says so in Japanese and records the refusal in the audit log', async ({ page }, testInfo) => {
  await completeSetup(page);
  await openScreen(page, '書出し・取込み');
  const importing = page.getByRole('region', { name: '署名付き台帳の取込み' });
  const fake = testInfo.outputPath('台帳.xlsx');
  writeFileSync(fake, '管理番号,名称\nSM-1,住民基本台帳\n');
  await importing.getByLabel('台帳ファイル（.xlsx）').setInputFiles(fake);
  await importing.getByRole('button', { name: '署名を確かめる' }).click();
  await expect(importing.getByRole('alert')).toContainText('このファイルは Excel ブック（.xlsx）ではありません。');
  await expect(importing.getByRole('alert')).toContainText('台帳は変更されていません。');
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('table')).toContainText('台帳の取込み（拒否）');
});

test('trusts another section\'s public key file only after the fingerprint read out by phone is typed, with the names confirmed', async ({ page, browser }, testInfo) => {
  await completeSetup(page);
  await openScreen(page, '書出し・取込み');
  const keys = page.getByRole('region', { name: 'この端末の署名鍵' });
  await keys.getByRole('button', { name: '署名鍵を作成' }).click();
  const fingerprint = (await keys.locator('.fingerprint').textContent())!;
  const download = page.waitForEvent('download');
  await keys.getByRole('button', { name: '公開鍵ファイルを保存' }).click();
  const keyFile = testInfo.outputPath('public.daicho-key');
  await (await download).saveAs(keyFile);
  expect(readFileSync(keyFile, 'utf8')).toContain(`"keyId": "${fingerprint}"`);

  const office = await browser.newPage();
  await completeSetup(office);
  await openScreen(office, '書出し・取込み');
  const trusted = office.getByRole('region', { name: '信頼する鍵' });
  await trusted.getByLabel('公開鍵ファイル（.daicho-key）').setInputFiles(keyFile);
  const confirm = trusted.getByRole('region', { name: '登録する鍵の確認' });
  await expect(confirm).not.toContainText(fingerprint);
  const register = confirm.getByRole('button', { name: '信頼する鍵に登録' });
  await expect(register).toBeDisabled();
  await confirm.getByLabel('相手が読み上げた鍵ID（20文字）').fill(fingerprint.replace(/-/g, ''));
  await expect(confirm.getByLabel('団体名（電話で確かめてください）')).toHaveValue(/.+/);
  await confirm.getByLabel('課名（電話で確かめてください）').fill('');
  await expect(register).toBeDisabled(); // a section name is required
  await confirm.getByLabel('課名（電話で確かめてください）').fill('市民課 窓口係');
  await register.click();
  await expect(trusted.getByRole('status')).toContainText('市民課 窓口係 の鍵');
  await expect(office.getByRole('table', { name: '信頼する鍵の一覧' }).getByRole('row', { name: /市民課 窓口係/ })).toContainText(fingerprint);
  await office.close();
});
