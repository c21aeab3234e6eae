/**
 * No lost work on the newer screens: an exception request half written (reasons and measures are
 * sentences, typed for minutes) is not dropped without a question when the clerk opens another screen
 * from the top menu, as the asset form is not (forms.spec.ts).
 */
import { completeSetup, expect, openScreen, test } from './fixtures';

test('leaving a half-written exception request through the top menu asks first, and staying keeps it', async ({ page }) => {
  await completeSetup(page);
  await openScreen(page, '例外措置');
  const reason = '暗号化ソフトの更新を待っているため、窓口端末のUSBメモリを暗号化できない';
  await page.getByLabel('理由（守れない事情と、例外とする合理的な理由）').fill(reason);

  const questions: string[] = [];
  page.once('dialog', (dialog) => {
    questions.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  expect(questions).toEqual([expect.stringContaining('保存していない入力があります')]);
  await expect(page.getByRole('heading', { name: '例外措置を申請する' })).toBeVisible();
  await expect(page.getByLabel('理由（守れない事情と、例外とする合理的な理由）')).toHaveValue(reason);

  // Nothing typed (the dates and the interval are filled in for the clerk): no question.
  await page.getByLabel('理由（守れない事情と、例外とする合理的な理由）').fill('');
  page.once('dialog', () => questions.push('unexpected'));
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByRole('heading', { name: '情報資産台帳', exact: true })).toBeVisible();
  expect(questions).toHaveLength(1);
});
