import type { Locator, Page } from '@playwright/test';
import { completeSetup, expect, registerAsset, test, openScreen } from './fixtures';

/** Answers the wizard's current question by the option's label and moves on. */
async function answer(page: Page, label: string) {
  await page.getByRole('radio', { name: label, exact: true }).check();
  await page.getByRole('button', { name: '次へ' }).click();
}

/** Answers every remaining yes/no question with いいえ until the result appears. */
async function answerRestNo(page: Page) {
  while (await page.getByRole('button', { name: '次へ' }).isVisible()) await answer(page, 'いいえ');
}

const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });

test('the central office writes a five-tier profile (3A/3B/3C/2/1), switches to it after seeing the review list, and classifies with it', async ({ page }) => {
  // One long user journey (about 60 form fields typed, two wizards): twice the default on a busy machine.
  test.setTimeout(120_000);
  await completeSetup(page);
  // An asset classified under the default profile: the switch will list it for review.
  await registerAsset(page, { name: '庁内の会議室予約表', location: '総務課', custodian: '総務課長' });
  await page.getByRole('button', { name: '分類する' }).click();
  await answer(page, '含まれない');
  await answerRestNo(page);
  await page.getByRole('button', { name: 'この分類で提案する' }).click();
  await expect(page.getByRole('region', { name: '分類' })).toContainText('重要性分類C');

  await openScreen(page, '分類基準');
  await page.getByLabel('元にする分類基準').selectOption({ label: '空の分類基準から作る' });
  await page.getByRole('button', { name: '分類基準を作成・編集する' }).click();
  await expect(page.getByRole('heading', { name: '分類基準の作成・編集' })).toBeVisible();

  await page.getByLabel('分類基準のID').fill('kobe-2026');
  await page.getByLabel('分類基準の名称').fill('神戸市 情報資産の分類（5段階）');
  await page.getByRole('textbox', { name: '版', exact: true }).fill('2026.1');

  // The blank profile has 機密性1 and 2; the office adds 3C, 3B and 3A above them (lowest first).
  const objective = group(page, '観点 1');
  for (const [index, tier] of [[3, '3C'], [4, '3B'], [5, '3A']] as const) {
    await objective.getByRole('button', { name: '段階を追加' }).click();
    const level = group(objective, `段階 ${index}`);
    await level.getByLabel('段階のID').fill(tier);
    await level.getByLabel('段階の名称').fill(`自治体機密性${tier}`);
    await level.getByLabel('定義').fill(`自治体機密性${tier}に当たる情報`);
    await level.getByLabel('根拠（条文）').fill(`総務省ガイドライン（令和6年10月改定） 機密性${tier}`);
  }
  for (const [index, tier] of [[1, '1'], [2, '2']] as const) {
    const level = group(objective, `段階 ${index}`);
    await level.getByLabel('段階の名称').fill(`自治体機密性${tier}`);
    await level.getByLabel('定義').fill(`自治体機密性${tier}に当たる情報`);
  }

  // A rule on the ledger: 特定個人情報 is at least 3B.
  await page.getByRole('button', { name: '規則を追加' }).click();
  const rule = group(page, '規則 2');
  await rule.getByLabel('規則のID').fill('specific-3B');
  await rule.getByLabel('少なくともこの段階').selectOption('3B');
  await rule.getByText('台帳の条件と対象（任意）').click();
  await group(rule, '台帳の条件: 個人情報の種類').getByLabel('特定個人情報').check();
  await rule.getByLabel('根拠（条文）').fill('神戸市情報セキュリティ対策基準 第6条');
  await rule.getByLabel('理由（対策基準の文言）').fill('特定個人情報は自治体機密性3B以上とする。');

  // Marks for the new levels; first a mark that spells the class, which is refused beside its field.
  await page.getByRole('button', { name: '記号のない段階の行を追加' }).click();
  for (const [index, symbol] of [[3, '□'], [4, '◇'], [5, '3A']] as const) await group(page, `表示記号 ${index}`).getByRole('textbox', { name: '記号', exact: true }).fill(symbol);

  // Checked like a loaded file: no change note and the plain mark are refused, each beside its field.
  await page.getByRole('button', { name: '検証する' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /誤りが\d+件あります/ })).toBeVisible();
  await expect(page.getByText('変更の内容（変更メモ）を入力してください', { exact: false }).first()).toBeVisible();
  await expect(group(page, '表示記号 5').getByRole('alert')).toContainText('表示記号に分類名をそのまま使うことはできません');
  await expect(page.getByLabel('変更メモ（この版で変えたこと）')).toHaveAttribute('aria-invalid', 'true');

  await group(page, '表示記号 5').getByRole('textbox', { name: '記号', exact: true }).fill('☆');
  await page.getByLabel('変更メモ（この版で変えたこと）').fill('令和6年10月のガイドライン改定に合わせ、機密性を5段階にした');
  await page.getByRole('button', { name: '検証する' }).click();
  await expect(page.getByRole('status').filter({ hasText: '誤りは見つかりませんでした' })).toBeVisible();

  // The preview runs the wizard's derivation on a sample asset.
  await page.getByRole('button', { name: 'プレビューを更新' }).click();
  await page.getByLabel('見本の資産', { exact: true }).selectOption({ label: '住民基本台帳（マイナンバー利用事務系）' });
  await expect(page.getByRole('status', { name: 'プレビューの結果' })).toContainText('推奨: 自治体機密性3B');
  await expect(page.getByRole('status', { name: 'プレビューの結果' })).toContainText('特定個人情報は自治体機密性3B以上とする。');

  // ファイルに保存: the JSON a section loads, with the five tiers in order and the change note.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'ファイルに保存' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('分類基準_kobe-2026_版2026.1.json');
  const stream = await file.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const saved = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { objectives: { levels: { id: string }[] }[]; changeNote: string; format: string };
  expect(saved.format).toBe('daicho-policy-profile/1');
  expect(saved.objectives[0]!.levels.map((l) => l.id)).toEqual(['1', '2', '3C', '3B', '3A']);
  expect(saved.changeNote).toContain('5段階');

  await page.getByRole('button', { name: '保存して一覧に加える' }).click();
  await expect(page.getByRole('status').filter({ hasText: '（版 2026.1）を保存しました' })).toBeVisible();
  const listed = page.getByRole('listitem').filter({ hasText: '神戸市 情報資産の分類（5段階）' });
  await expect(listed).toContainText('変更メモ: 令和6年10月のガイドライン改定に合わせ');

  // Switching shows the classes that will need review before anything changes.
  await listed.getByRole('button', { name: 'この分類基準に切り替える' }).click();
  const review = page.getByRole('region', { name: '切り替える前に確認してください' });
  await expect(review.getByRole('row', { name: /庁内の会議室予約表/ })).toContainText('観点「importance」は新しい分類基準にありません');
  await expect(page.getByText('現在の分類基準: 西宮市', { exact: false })).toBeVisible();
  await review.getByRole('button', { name: '確認して切り替える' }).click();
  await expect(page.getByRole('status').filter({ hasText: '切り替えました' })).toContainText('見直しが必要な資産: 1件');
  await expect(page.getByText('現在の分類基準: 神戸市 情報資産の分類（5段階）（版 2026.1）', { exact: false })).toBeVisible();

  // The switch is in the audit log.
  await openScreen(page, '監査ログ');
  await expect(page.getByRole('row', { name: /分類基準の切替/ }).first()).toBeVisible();
  await expect(page.getByRole('row', { name: /分類基準の作成・編集/ }).first()).toBeVisible();

  // An asset classified with the new profile: the ledger's 特定個人情報 gives 3B.
  await registerAsset(page, { name: '番号利用事務の対象者一覧', location: '市民課', custodian: '市民課長', personal: '特定個人情報' });
  await page.getByRole('button', { name: '分類する' }).click();
  await expect(page.getByRole('heading', { name: /分類ウィザード/ })).toBeVisible();
  while (await page.getByRole('button', { name: '次へ' }).isVisible()) await page.getByRole('button', { name: '次へ' }).click();
  await expect(page.getByRole('heading', { name: '推奨される分類' })).toBeVisible();
  await expect(page.getByLabel('機密性', { exact: true })).toHaveValue('3B');
  await page.getByRole('button', { name: 'この分類で提案する' }).click();
  await expect(page.getByRole('region', { name: '分類' })).toContainText('自治体機密性3B');
});
