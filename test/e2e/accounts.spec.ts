import { completeSetup, createAccountAsManager, expect, login, loginFirstTime, logout, passwordChecked, passwordWork, registerAsset, section, storedPasswordCosts, test, pickAsset, openScreen, screensOffered } from './fixtures';

/** The one answer to every refused login: unknown ID, wrong password, locked or disabled alike. */
const REFUSED = 'ユーザーIDかパスワードが違うか、このアカウントは今は使えません。入力を確かめてもう一度お試しください。続けて間違えるとロックされます。使えない場合はセキュリティ管理者に確認してください。';

const SATO = { name: '佐藤 一郎', userId: 'sato', temporary: '佐藤さんの仮パスワード2026', own: '佐藤が自分で決めた合言葉です' };

test('five wrong passwords lock an account until a manager unlocks it; every refusal reads the same; an auditor only reads', async ({ page }) => {
  test.setTimeout(240_000);
  await completeSetup(page);
  await createAccountAsManager(page, { name: SATO.name, userId: SATO.userId, role: '担当者', password: SATO.temporary });
  await createAccountAsManager(page, { name: '監査 花子', userId: 'kansa', role: '監査（閲覧のみ）', password: '監査担当の仮パスワード2026' });
  await logout(page);

  for (let i = 1; i <= 5; i++) {
    await login(page, SATO.userId, `まちがいパスワード${i}号`);
    await expect(page.getByRole('alert')).toHaveText(REFUSED);
  }
  // Locked now, with the right password; and an ID that does not exist: the same sentence.
  await login(page, SATO.userId, SATO.temporary);
  await expect(page.getByRole('alert')).toHaveText(REFUSED);
  await login(page, 'nobody', SATO.temporary);
  await expect(page.getByRole('alert')).toHaveText(REFUSED);

  await login(page, section.userId, section.password);
  await openScreen(page, 'アカウント');
  const row = page.getByRole('row', { name: /sato/ });
  await expect(row).toContainText('ロック中');
  await row.getByRole('button', { name: 'ロック解除' }).click();
  await expect(row).toContainText('仮パスワード');
  await logout(page);

  await loginFirstTime(page, SATO.userId, SATO.temporary, SATO.own);
  await expect(page.getByLabel('団体・課・操作者')).toContainText('佐藤 一郎（担当者）');
  expect(await screensOffered(page)).not.toContain('アカウント');
  await logout(page);

  await loginFirstTime(page, 'kansa', '監査担当の仮パスワード2026', '監査担当が決めた長い合言葉');
  await expect(page.getByRole('button', { name: '＋ 資産を登録' })).toHaveCount(0);
  const auditorScreens = await screensOffered(page);
  expect(auditorScreens).not.toContain('バックアップ');
  expect(auditorScreens).toContain('監査ログ');
});

test('take-out request -> approval by the manager -> handover -> return; disposal -> the asset shows 廃棄済', async ({ page }) => {
  test.setTimeout(180_000);
  await completeSetup(page);
  await registerAsset(page, { name: 'バックアップ用USBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await createAccountAsManager(page, { name: SATO.name, userId: SATO.userId, role: '担当者', password: SATO.temporary });
  await logout(page);
  await loginFirstTime(page, SATO.userId, SATO.temporary, SATO.own);

  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  const takeOuts = page.getByRole('region', { name: '持出し', exact: true });
  // While the button is disabled, the screen says what is still missing, field by field.
  const requestTakeOut = takeOuts.getByRole('button', { name: '持出しを申請' });
  await expect(requestTakeOut).toBeDisabled();
  await expect(requestTakeOut).toHaveAccessibleDescription('持ち出す資産を選んでください（管理番号・名称・所在で探せます）。');
  await pickAsset(takeOuts, '持ち出す資産', 'SM-00001');
  await expect(requestTakeOut).toHaveAccessibleDescription('目的を入力してください。');
  await takeOuts.getByLabel('目的').fill('住民説明会での説明');
  await takeOuts.getByLabel('持出し先').fill('北口会館');
  await takeOuts.getByLabel('持ち出す媒体・方法').fill('暗号化USBメモリ');
  await expect(requestTakeOut).toHaveAccessibleDescription('返却予定日を入力してください。');
  await expect(takeOuts.getByText('返却予定日を入力してください。')).toBeVisible();
  const inTwoDays = new Date(Date.now() + 2 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  await takeOuts.getByLabel('返却予定日').fill(inTwoDays);
  await takeOuts.getByLabel('暗号化して持ち出す').uncheck();
  await takeOuts.getByLabel(/暗号化しない理由/).fill('説明会場の端末で暗号化が使えないため');
  await expect(requestTakeOut).toBeEnabled();
  await expect(requestTakeOut).not.toHaveAttribute('aria-describedby');
  await requestTakeOut.click();
  await expect(page.getByRole('status')).toContainText('持出しを申請しました');
  const takeOutRow = page.getByRole('table', { name: '持出しの記録' }).getByRole('row', { name: /SM-00001/ });
  await expect(takeOutRow).toContainText('申請中');
  await expect(takeOutRow).toContainText('なし（説明会場の端末で暗号化が使えないため）');
  // The next request starts encrypted again: the unticked box does not carry over.
  await expect(takeOuts.getByLabel('暗号化して持ち出す')).toBeChecked();
  await expect(takeOutRow.getByRole('button', { name: '許可' })).toHaveCount(0);

  const disposals = page.getByRole('region', { name: '廃棄', exact: true });
  const requestDisposal = disposals.getByRole('button', { name: '廃棄を申請' });
  await expect(requestDisposal).toHaveAccessibleDescription('廃棄する資産を選んでください（管理番号・名称・所在で探せます）。');
  await pickAsset(disposals, '廃棄する資産', 'バックアップ用', 'SM-00001');
  await expect(requestDisposal).toHaveAccessibleDescription('廃棄方法を選んでください。');
  await disposals.getByLabel('廃棄方法').selectOption({ label: '物理破壊' });
  await expect(requestDisposal).toHaveAccessibleDescription('廃棄の理由を入力してください。');
  await expect(requestDisposal).toBeDisabled();
  await disposals.getByLabel('廃棄の理由').fill('故障のため');
  await requestDisposal.click();
  await expect(page.getByRole('status')).toContainText('廃棄を申請しました');
  // The result line sits above both forms: it is brought into view for a clerk at the 廃棄 form.
  await expect(page.getByRole('status')).toBeInViewport();
  await logout(page);

  // The manager signs in with the IME still on: ｙａｍａｄａ is the same user ID.
  const fullWidthId = section.userId.replace(/[a-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
  expect(fullWidthId).toBe('ｙａｍａｄａ');
  await login(page, fullWidthId, section.password);
  await page.getByRole('button', { name: '持出し・廃棄', exact: true }).click();
  await takeOutRow.getByRole('button', { name: '許可' }).click();
  await expect(takeOutRow).toContainText(`許可済み（${section.operator}）`);
  await takeOutRow.getByRole('button', { name: '持ち出した' }).click();
  await expect(takeOutRow).toContainText('持出し中');
  await takeOutRow.getByRole('button', { name: '返却された' }).click();
  await expect(takeOutRow).toContainText('返却済み');

  const disposalRow = page.getByRole('table', { name: '廃棄の記録' }).getByRole('row', { name: /SM-00001/ });
  await disposalRow.getByRole('button', { name: '許可' }).click();
  await disposalRow.getByRole('button', { name: '廃棄を記録' }).click();
  const record = page.getByRole('region', { name: '廃棄の実施記録' });
  await record.getByLabel('実施者').fill(SATO.name);
  await record.getByLabel('立会者').fill(section.operator);
  await record.getByLabel('証明書の番号など').fill('破砕証明 2026-015');
  await record.getByRole('button', { name: '記録する' }).click();
  await expect(page.getByRole('status')).toContainText('資産は「廃棄済」になりました');
  await expect(disposalRow).toContainText(`実施: ${SATO.name} 立会: ${section.operator}`);

  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByRole('row', { name: /SM-00001/ })).toContainText('廃棄済');
});

// The one test at the app's own scrypt cost (N = 2^17, 128 MiB in the password worker): setup hashes,
// a wrong and a right password are checked at that cost. The others run on the e2e bundle's N = 2^10.
test.describe('at the app\'s password cost', () => {
  test.use({ realKdf: true });

  test('the screen locks after ten idle minutes and the same person unlocks it with the password, keeping the work', async ({ page }) => {
    test.setTimeout(120_000);
    await page.clock.install();
    await completeSetup(page);
    expect(await storedPasswordCosts(page)).toEqual([2 ** 17]);
    await page.getByRole('button', { name: '＋ 資産を登録' }).click();
    await page.getByLabel('名称').fill('書きかけの資産');
    await page.clock.fastForward('09:00');
    await expect(page.getByRole('heading', { name: '画面のロック' })).toHaveCount(0);
    await page.clock.fastForward('01:30');
    await expect(page.getByRole('heading', { name: '画面のロック' })).toBeVisible();
    await page.getByLabel('パスワード', { exact: true }).fill('まちがったパスワードです');
    await page.getByRole('button', { name: 'ロックを解除' }).click();
    await passwordChecked(page);
    await expect(page.getByRole('alert')).toHaveText(REFUSED, passwordWork);
    await page.getByLabel('パスワード', { exact: true }).fill(section.password);
    await page.getByRole('button', { name: 'ロックを解除' }).click();
    await expect(page.getByRole('heading', { name: '画面のロック' })).toHaveCount(0, passwordWork);
    await expect(page.getByLabel('名称')).toHaveValue('書きかけの資産');
  });
});
