import { completeSetup, expect, login, registerAsset, section, test } from './fixtures';
import { addMonths } from '../../shared/registers/review';
import { tokyoDay } from '../../shared/domain/formatDate';

test('first run asks for the section, then shows the empty ledger', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('button', { name: '設定して台帳を開く' }).click();
  await expect(page.getByText('団体名を入力してください。')).toBeVisible();
  await expect(page.getByLabel('団体名')).toHaveAttribute('aria-invalid', 'true');
  // The password's problems in the same round as the other fields', not only once those are valid.
  await expect(page.getByText('パスワードは12文字以上にしてください。')).toBeVisible();
  await page.getByLabel('管理番号の接頭辞').fill('管理');
  await page.getByRole('button', { name: '設定して台帳を開く' }).click();
  await expect(page.getByText(/管理番号の接頭辞は半角英数字/)).toBeVisible();

  await completeSetup(page);
  await expect(page.getByLabel('団体・課・操作者')).toContainText(`${section.organisation} ${section.section}`);
  await expect(page.getByLabel('団体・課・操作者')).toContainText(section.operator);
  await expect(page.getByText('まだ資産が登録されていません。')).toBeVisible();
  await expect(page.getByLabel('件数')).toContainText('全 0 件');
});

test('registers, edits and retires an asset, and the ledger keeps it after a reload', async ({ page }) => {
  await completeSetup(page);

  // Validation errors beside the fields.
  await page.getByRole('button', { name: '＋ 資産を登録' }).click();
  await expect(page.getByLabel('管理番号')).toHaveValue('SM-00001');
  // The first review is proposed one profile interval (12 months) ahead.
  await expect(page.getByLabel('次回見直し日')).toHaveValue(addMonths(tokyoDay(new Date()), 12));
  await page.getByLabel('名称').fill('   ');
  await page.getByLabel('備考').fill('あ'.repeat(2001));
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('名称を入力してください。')).toBeVisible();
  await expect(page.getByText('所在を入力してください。')).toBeVisible();
  await expect(page.getByText('備考は2000文字以内で入力してください。')).toBeVisible();
  await expect(page.getByLabel('名称')).toBeFocused();
  await page.getByLabel('備考').fill('');
  // Typed but not saved: cancelling asks first.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'キャンセル' }).click();

  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階 市民課', custodian: '市民課長', personal: '特定個人情報' });
  await expect(page.getByRole('heading', { name: 'SM-00001 住民基本台帳' })).toBeVisible();
  await expect(page.getByText('特定個人情報')).toBeVisible();

  // Edit: the change appears in the history, old and new value.
  await page.getByRole('button', { name: '編集' }).click();
  await page.getByLabel('所在').fill('別館2階 書庫');
  await page.getByRole('button', { name: '保存' }).click();
  const history = page.getByRole('region', { name: '変更履歴' });
  await expect(history).toContainText('所在: 本庁舎3階 市民課 → 別館2階 書庫');
  await expect(history).toContainText(`変更`);
  await expect(history).toContainText(section.operator);

  // Retire: needs a reason; the asset stays with status 廃止.
  await page.getByRole('button', { name: '廃止にする' }).click();
  const dialog = page.getByRole('dialog', { name: '資産を廃止にしますか' });
  await dialog.getByRole('button', { name: '廃止にする' }).click();
  await expect(dialog.getByText('廃止の理由を入力してください。')).toBeVisible();
  await dialog.getByLabel('廃止の理由').fill('システム更改のため');
  await dialog.getByRole('button', { name: '廃止にする' }).click();
  await expect(dialog).toBeHidden();
  await expect(history).toContainText('状態: 使用中 → 廃止');
  await expect(page.getByRole('button', { name: '廃止にする' })).toHaveCount(0);

  await page.reload();
  await login(page, section.userId, section.password);
  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible();
  const row = page.getByRole('row', { name: /SM-00001/ });
  await expect(row).toContainText('住民基本台帳');
  await expect(row).toContainText('別館2階 書庫');
  await expect(row).toContainText('廃止');
  await expect(page.getByLabel('件数')).toContainText('全 1 件');
  await row.press('Enter');
  await expect(page.getByRole('heading', { name: 'SM-00001 住民基本台帳' })).toBeVisible();
  await expect(page.getByRole('region', { name: '変更履歴' })).toContainText('所在: 本庁舎3階 市民課 → 別館2階 書庫');
});

test('refuses a duplicate 管理番号 beside the field and keeps the ledger as it was', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '職員名簿', location: '人事課 書庫', custodian: '人事課長' });
  await expect(page.getByRole('heading', { name: 'SM-00001 職員名簿' })).toBeVisible();
  await registerAsset(page, { name: 'USBメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体', number: 'sm-00001' });
  await expect(page.getByText('この管理番号はすでに使われています。別の管理番号を入力してください。')).toBeVisible();
  await expect(page.getByLabel('管理番号')).toBeFocused();
  await page.getByLabel('管理番号').fill('SM-00002');
  await page.getByRole('button', { name: '保存' }).click();
  await expect(page.getByRole('heading', { name: 'SM-00002 USBメモリ' })).toBeVisible();
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByLabel('件数')).toContainText('全 2 件');
});

test('filters by free text and by field, sorts by column, and shows 和暦 dates', async ({ page }) => {
  await completeSetup(page, { wareki: true });
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長', personal: '特定個人情報' });
  await registerAsset(page, { name: '広報原稿', location: '広報課', custodian: '広報課長' });
  await registerAsset(page, { name: 'ＵＳＢメモリ', location: '金庫', custodian: '市民課長', kind: '記録媒体' });
  await registerAsset(page, { name: '入札予定価格調書', location: '契約課 書庫', custodian: '契約課長', kind: '紙文書' });
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await expect(page.getByText('4 件を表示')).toBeVisible();
  await expect(page.getByLabel('件数')).toContainText('記録媒体 1');
  await page.getByRole('button', { name: /条件で絞り込む/ }).click();
  await page.getByLabel('形式', { exact: true }).selectOption({ label: '紙' });
  await expect(page.getByText('1 件を表示')).toBeVisible();
  await expect(page.getByRole('row', { name: /入札予定価格調書/ })).toBeVisible();
  await page.getByRole('button', { name: '条件をクリア' }).click();

  const search = page.getByRole('searchbox');
  await search.fill('usb');
  await expect(page.getByText('1 件を表示')).toBeVisible();
  await expect(page.getByRole('row', { name: /ＵＳＢメモリ/ })).toBeVisible();
  await search.fill('');
  await page.getByRole('combobox', { name: '個人情報の種類', exact: true }).selectOption({ label: '特定個人情報' });
  await expect(page.getByText('1 件を表示')).toBeVisible();
  await expect(page.getByRole('row', { name: /住民基本台帳/ })).toBeVisible();
  await page.getByRole('button', { name: '条件をクリア' }).click();
  await page.getByLabel('項目', { exact: true }).selectOption({ label: '管理者' });
  await page.getByPlaceholder('を含む').fill('広報');
  await expect(page.getByText('1 件を表示')).toBeVisible();
  await page.getByRole('button', { name: '条件をクリア' }).click();

  await page.getByRole('button', { name: '管理番号' }).click();
  const rows = page.getByRole('row').filter({ hasText: 'SM-' });
  await expect(rows.first()).toContainText('SM-00004');
  await expect(page.getByRole('columnheader', { name: '管理番号' })).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.first()).toContainText(/令和\d+年/);
  await page.getByLabel('和暦で表示').click();
  await expect(page.getByLabel('和暦で表示')).not.toBeChecked();
  await expect(rows.first()).toContainText(/20\d\d年/);
  await page.reload();
  await login(page, section.userId, section.password);
  await expect(page.getByLabel('和暦で表示')).not.toBeChecked();
});

test('assets chosen in the list are reviewed together, only those chosen, each recorded in its history', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '住民基本台帳', location: '本庁舎3階', custodian: '市民課長' });
  await registerAsset(page, { name: '職員名簿', location: '人事課', custodian: '人事課長' });
  await registerAsset(page, { name: '窓口案内の掲示物', location: '1階窓口', custodian: '市民課長' });

  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  for (const number of ['SM-00001', 'SM-00002']) await page.getByRole('checkbox', { name: `${number} を選択` }).check();
  await page.getByRole('region', { name: '選択した資産' }).getByRole('button', { name: '見直しを開始' }).click();

  const chosen = page.getByRole('table', { name: '選択した資産' });
  await expect(page.getByRole('heading', { name: '選択した資産の見直し（2件）' })).toBeVisible();
  await expect(chosen.getByRole('row')).toHaveCount(3);
  await expect(chosen).not.toContainText('窓口案内の掲示物');
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: '表示中の2件の見直しをまとめて完了' }).click();
  await expect(page.getByRole('status').filter({ hasText: '2件の見直しを記録しました。' })).toBeVisible();

  await chosen.getByRole('button', { name: 'SM-00002' }).click();
  await expect(page.getByRole('region', { name: '変更履歴' })).toContainText('見直し');
});
