import { completeSetup, expect, test } from './fixtures';

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
