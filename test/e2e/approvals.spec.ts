/**
 * Approval as a workflow (issue 14): the 承認待ち screen and its count, approve or send back with a
 * comment the proposer reads, who can approve, the single-manager warning; and classifying several
 * selected assets with one set of answers.
 */
import type { Page } from '@playwright/test';
import { completeSetup, createAccountAsManager, expect, loginFirstTime, login, logout, registerAsset, section, test } from './fixtures';

async function answer(page: Page, label: string) {
  const option = page.getByRole('radio', { name: label, exact: true });
  await option.check();
  await option.press('Enter');
}

/** Classifies the asset on screen as 個人情報あり (the wizard stops at A after that one answer). */
async function proposePersonal(page: Page) {
  await page.getByRole('button', { name: '分類する' }).click();
  await answer(page, '個人情報が含まれる');
  await page.getByRole('button', { name: 'この分類で提案する' }).click();
  await expect(page.getByRole('region', { name: '分類' })).toContainText('提案中');
}

const nav = (page: Page) => page.getByRole('navigation', { name: '主な画面' });

test('two managers: one proposes, the other sends back with a comment or approves; a single manager is warned', async ({ page }) => {
  // An account creation and three logins, each a deliberate scrypt hash (seconds on a busy machine).
  test.setTimeout(240_000);
  await completeSetup(page);
  await registerAsset(page, { name: '住民異動届の綴り', location: '書庫', custodian: '市民課長' });
  await proposePersonal(page);
  // Alone, the manager's own proposal can never be approved: the asset says so and how to fix it.
  const panel = page.getByRole('region', { name: '分類' });
  await expect(panel.getByRole('alert', { name: '承認できる人' })).toContainText('承認できるセキュリティ管理者がいません');
  await expect(panel).toContainText('「アカウント」画面で、役割を「セキュリティ管理者」にしたアカウントをもう1人分作成してください。');
  await expect(nav(page).getByRole('button', { name: /承認待ち\s*1/ })).toBeVisible();
  await nav(page).getByRole('button', { name: /承認待ち/ }).click();
  await expect(page.getByRole('heading', { name: '承認待ち' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'この課のセキュリティ管理者は1人だけです' })).toBeVisible();
  const first = page.getByRole('listitem', { name: /住民異動届の綴り/ });
  await expect(first).toContainText('自分が提案した分類です');
  await expect(first.getByRole('button', { name: '承認する' })).toHaveCount(0);

  // The fix: a second manager in アカウント.
  await page.getByRole('button', { name: 'アカウント画面を開く' }).click();
  await createAccountAsManager(page, { name: '田中 課長', userId: 'tanaka', role: 'セキュリティ管理者', password: '田中さんの仮パスワード2026' });
  await registerAsset(page, { name: '職員名簿', location: '人事課', custodian: '市民課長' });
  await proposePersonal(page);
  await expect(panel.getByRole('note', { name: '承認できる人' })).toContainText('承認できるのは 田中 課長（セキュリティ管理者）です');

  await logout(page);
  await loginFirstTime(page, 'tanaka', '田中さんの仮パスワード2026', '田中が自分で決めた合言葉です');
  await expect(nav(page).getByRole('button', { name: /承認待ち\s*2/ })).toBeVisible();
  await nav(page).getByRole('button', { name: /承認待ち/ }).click();
  await expect(page.getByText('2 件が承認を待っています。')).toBeVisible();
  await expect(page.getByText('この課のセキュリティ管理者は1人だけです')).toHaveCount(0);

  // Sending back needs a comment that says something.
  const rejected = page.getByRole('listitem', { name: /住民異動届の綴り/ });
  await rejected.getByRole('button', { name: '差し戻す' }).click();
  await expect(rejected.getByRole('alert')).toContainText('差し戻す理由を5文字以上で入力してください');
  await rejected.getByLabel('差し戻す理由（差し戻す場合のみ）').fill('届出書は保存年限を過ぎた分を廃棄済みか確認してください');
  await rejected.getByRole('button', { name: '差し戻す' }).click();
  await expect(page.getByRole('listitem', { name: /住民異動届の綴り/ })).toHaveCount(0);

  await page.getByRole('listitem', { name: /職員名簿/ }).getByRole('button', { name: '承認する' }).click();
  await expect(page.getByText('承認待ちの分類はありません。')).toBeVisible();
  await expect(nav(page).getByRole('button', { name: '承認待ち', exact: true })).toBeVisible();

  // The proposer sees the reason on the asset, and the history records it.
  await logout(page);
  await login(page, section.userId, section.password);
  await page.getByRole('row', { name: /住民異動届の綴り/ }).click();
  await expect(panel).toContainText('要見直し');
  await expect(panel.getByRole('note', { name: '差戻し' })).toContainText('差し戻されました（田中 課長');
  await expect(panel.getByRole('note', { name: '差戻し' })).toContainText('届出書は保存年限を過ぎた分を廃棄済みか確認してください');
  await expect(page.getByRole('region', { name: '変更履歴' })).toContainText('分類の差戻し');
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('row', { name: /職員名簿/ }).click();
  await expect(panel).toContainText('承認済み');
  await expect(panel).toContainText('田中 課長');
});

test('several selected assets are classified with one set of answers, each its own proposal; a terminal is asked only what applies', async ({ page }) => {
  await completeSetup(page);
  await registerAsset(page, { name: '窓口受付票（令和7年度）', location: '書庫', custodian: '市民課長' });
  await registerAsset(page, { name: '窓口受付票（令和8年度）', location: '書庫', custodian: '市民課長' });
  await registerAsset(page, { name: '窓口端末1', location: '窓口', custodian: '市民課長', kind: '機器' });

  // A counter terminal is classified from what it holds: only 3 questions apply to it.
  await page.getByRole('button', { name: '分類する' }).click();
  await expect(page.getByText('質問 1・残り最大 3 問（この質問を含む）')).toBeVisible();
  await page.getByRole('button', { name: 'キャンセル' }).click();

  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('checkbox', { name: 'SM-00001 を選択' }).check();
  await page.getByRole('checkbox', { name: 'SM-00002 を選択' }).check();
  // Ticking a box selects; it does not open the asset.
  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible();
  const bar = page.getByRole('region', { name: '選択した資産' });
  await expect(bar).toContainText('2 件を選択中');
  await bar.getByRole('button', { name: '選択した資産をまとめて分類' }).click();

  await expect(page.getByRole('heading', { name: '分類ウィザード — 2件をまとめて分類' })).toBeVisible();
  await answer(page, '個人情報が含まれる');
  await expect(page.getByRole('row', { name: /SM-00001 窓口受付票（令和7年度）/ })).toContainText('重要性分類A');
  await expect(page.getByRole('row', { name: /SM-00002 窓口受付票（令和8年度）/ })).toContainText('重要性分類A');
  await page.getByRole('button', { name: '2件をこの分類で提案する' }).click();

  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible();
  await expect(page.getByRole('button', { name: /提案中 2/ })).toBeVisible();
  for (const name of ['窓口受付票（令和7年度）', '窓口受付票（令和8年度）']) {
    await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
    await page.getByRole('row', { name: new RegExp(name.replace(/[()（）]/g, '.')) }).click();
    await expect(page.getByRole('region', { name: '分類' })).toContainText('提案中');
    await expect(page.getByRole('region', { name: '変更履歴' })).toContainText('分類: 未分類 → 重要性分類A（提案中）');
  }
});
