import { completeSetup, expect, test, openScreen } from './fixtures';

test('leaving a half-filled form through the top menu asks first, and staying keeps what was typed', async ({ page }) => {
  await completeSetup(page);
  await page.getByRole('button', { name: '＋ 資産を登録' }).click();
  await page.getByLabel('名称').fill('住民基本台帳');

  const questions: string[] = [];
  page.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  expect(questions).toEqual([expect.stringContaining('保存していない入力があります')]);
  await expect(page.getByRole('heading', { name: '資産を登録' })).toBeVisible();
  await expect(page.getByLabel('名称')).toHaveValue('住民基本台帳');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'ラベル', exact: true }).click();
  await expect(page.getByRole('heading', { name: '分類ラベルの印刷' })).toBeVisible();

  // Nothing typed: no question.
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('button', { name: '＋ 資産を登録' }).click();
  page.once('dialog', () => questions.push('unexpected'));
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible();
  expect(questions).toHaveLength(1);
});

test('a paste longer than a field allows is kept whole and counted, and the form says it is too long', async ({ page }) => {
  await completeSetup(page);
  await page.getByRole('button', { name: '＋ 資産を登録' }).click();
  const long = '住民基本台帳'.repeat(40); // 240 characters; the limit is 200
  await page.getByLabel('名称').fill(long);
  await expect(page.getByLabel('名称')).toHaveValue(long);
  await expect(page.getByText('240 / 200文字（40文字多すぎます）')).toBeVisible();
  await page.getByLabel('所在').fill('本庁舎');
  await page.getByRole('textbox', { name: '管理者', exact: true }).fill('市民課長');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByLabel('名称')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('heading', { name: '資産を登録' })).toBeVisible();
});

test('the export offers to create the signing key it needs, and then signs with it', async ({ page }) => {
  await completeSetup(page);
  await openScreen(page, '書出し・取込み');
  const exporting = page.getByRole('region', { name: '台帳の書出し' });
  await expect(exporting.getByRole('alert')).toContainText('この端末には署名鍵がまだありません');
  await expect(exporting.getByRole('button', { name: '署名して書き出す' })).toBeDisabled();
  await exporting.getByRole('button', { name: '署名鍵を作成' }).click();
  await expect(exporting.getByRole('status')).toContainText('署名鍵を作成しました。鍵ID:');
  await expect(exporting.getByRole('alert')).toHaveCount(0);
  await expect(exporting.getByRole('button', { name: '署名して書き出す' })).toBeEnabled();
  await expect(page.getByRole('region', { name: 'この端末の署名鍵' }).locator('.fingerprint')).toHaveText(/^[2-9A-HJ-NP-Z]{4}(-[2-9A-HJ-NP-Z]{4}){4}$/);
});
