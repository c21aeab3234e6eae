/**
 * Every end-to-end test runs under these guards: each request any page makes is recorded and the test
 * fails on one that is not local (the app has no network), and on any console error or page error.
 */
import { test as base, expect, type Locator, type Page } from '@playwright/test';

export function isLocalRequest(url: string): boolean {
  const parsed = new URL(url);
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return true;
  return (parsed.protocol === 'http:' || parsed.protocol === 'ws:') && (parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost');
}

export const test = base.extend<{ expectedConsoleErrors: RegExp | null; realKdf: boolean; kdf: void; guards: { requests: string[]; blockedByCsp: string[] } }>({
  /** A pattern of console errors a test provokes on purpose (e.g. CSP reports); null means none. */
  expectedConsoleErrors: [null, { option: true }],
  /**
   * New passwords hashed at the app's own scrypt cost (N = 2^17) instead of the end-to-end bundle's
   * N = 2^10 (test/e2e/vite.config.ts). One test sets it and checks the stored cost; every other test
   * would otherwise spend seconds per setup, login and account on the same code path.
   */
  realKdf: [false, { option: true }],
  kdf: [
    async ({ context, realKdf }, use) => {
      if (realKdf) await context.addInitScript(() => ((globalThis as { daichoE2eRealKdf?: boolean }).daichoE2eRealKdf = true));
      await use();
    },
    { auto: true },
  ],
  guards: [
    async ({ context, expectedConsoleErrors }, use) => {
      const requests: string[] = [];
      // Chromium reports a request the CSP stopped in the page as a request that failed at once;
      // such a request never reached the network.
      const blockedByCsp: string[] = [];
      const errors: string[] = [];
      context.on('request', (request) => requests.push(request.url()));
      context.on('requestfailed', (request) => {
        if (request.failure()?.errorText === 'csp') blockedByCsp.push(request.url());
      });
      context.on('console', (message) => {
        if (message.type() === 'error' && !expectedConsoleErrors?.test(message.text())) errors.push(message.text());
      });
      context.on('weberror', (error) => errors.push(error.error().message));
      await use({ requests, blockedByCsp });
      const left = requests.filter((url) => !isLocalRequest(url) && !blockedByCsp.includes(url));
      expect(left, 'requests that left this machine').toEqual([]);
      expect(errors, 'console errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };

export const section = { organisation: '西宮市', section: '市民課', prefix: 'sm-', operator: '山田 花子', userId: 'yamada', employeeNumber: 'E0001', password: '課長のとても長いパスワード2026' };

/**
 * Account passwords are hashed with scrypt in a worker: at the app's N = 2^17 (the `realKdf` test) a
 * second or more per hash, several on a busy machine; an encrypted workbook's key takes Excel's 100,000
 * password spins. Waits that follow such work (setup, login, password change, account creation, opening
 * an encrypted ledger) use this.
 */
export const passwordWork = { timeout: 30_000 };

/** The scrypt cost (N) of every stored account password, read from the app's IndexedDB. */
export async function storedPasswordCosts(page: Page): Promise<number[]> {
  return page.evaluate(
    () =>
      new Promise<number[]>((resolve, reject) => {
        const open = indexedDB.open('daicho');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const read = open.result.transaction('accounts').objectStore('accounts').getAll();
          read.onerror = () => reject(read.error);
          read.onsuccess = () => {
            open.result.close();
            resolve((read.result as { password: { N: number } }[]).map((account) => account.password.N));
          };
        };
      }),
  );
}

/** The top bar's menus and the screens in each (issue 14); the other screens are buttons of their own. */
const navMenus: Record<string, string[]> = {
  '点検・監査': ['見直し', '棚卸', '例外措置', '自己点検', '監査ログ'],
  管理: ['書出し・取込み', 'バックアップ', '分類基準', 'アカウント'],
};

/** Opens a screen from the top bar as a person would: through its menu when it sits in one. */
export async function openScreen(page: Page, screen: string) {
  const nav = page.getByRole('navigation', { name: '主な画面' });
  const menu = Object.keys(navMenus).find((name) => navMenus[name]?.includes(screen));
  if (!menu) return nav.getByRole('button', { name: screen, exact: true }).click();
  const opener = nav.getByRole('button', { name: menu, exact: true });
  if ((await opener.getAttribute('aria-expanded')) !== 'true') await opener.click();
  await nav.getByRole('group', { name: menu }).getByRole('button', { name: screen, exact: true }).click();
}

/** Every screen the top bar offers the signed-in person, menus opened one by one (and closed again). */
export async function screensOffered(page: Page): Promise<string[]> {
  const nav = page.getByRole('navigation', { name: '主な画面' });
  const names: string[] = [];
  for (const button of await nav.locator(':scope > button').all()) names.push((await button.innerText()).replace(/\s*\d+$/, '').trim());
  for (const menu of Object.keys(navMenus)) {
    const opener = nav.getByRole('button', { name: menu, exact: true });
    if ((await opener.count()) === 0) continue;
    await opener.click();
    for (const button of await nav.getByRole('group', { name: menu }).getByRole('button').all()) names.push((await button.innerText()).trim());
    await opener.click();
  }
  return names;
}

/** Completes first-run setup as a user would: settings and the manager's own account, then signed in. */
export async function completeSetup(page: Page, options: { wareki?: boolean } = {}): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Daichō 情報資産台帳 — 初期設定' })).toBeVisible();
  await page.getByLabel('団体名').fill(section.organisation);
  await page.getByLabel('課の名称').fill(section.section);
  await page.getByLabel('管理番号の接頭辞').fill(section.prefix);
  if (options.wareki) await page.getByLabel('和暦（令和8年4月1日）').check();
  await page.getByLabel('氏名').fill(section.operator);
  await page.getByLabel('職員番号').fill(section.employeeNumber);
  await page.getByLabel('ユーザーID').fill(section.userId);
  await page.getByLabel('パスワード（12文字以上）').fill(section.password);
  await page.getByLabel('パスワード（確認）').fill(section.password);
  await page.getByRole('button', { name: '設定して台帳を開く' }).click();
  // exact: the set-up form's own heading (「Daichō 情報資産台帳 — 初期設定」) contains the words too, and
  // matched at once while the password was still being hashed, so the next step timed out on a busy machine.
  await expect(page.getByRole('heading', { name: '情報資産台帳', exact: true })).toBeVisible(passwordWork);
}

/** Registers an asset through the form; the management number is the one proposed unless given. */
export async function registerAsset(page: Page, fields: { name: string; location: string; custodian: string; kind?: string; personal?: string; number?: string }) {
  await page.getByRole('button', { name: '台帳一覧', exact: true }).click();
  await page.getByRole('button', { name: '＋ 資産を登録' }).click();
  await expect(page.getByRole('heading', { name: '資産を登録' })).toBeVisible();
  if (fields.number) await page.getByLabel('管理番号').fill(fields.number);
  await page.getByLabel('名称').fill(fields.name);
  if (fields.kind) await page.getByRole('combobox', { name: '種類', exact: true }).selectOption({ label: fields.kind });
  await page.getByLabel('所在').fill(fields.location);
  await page.getByRole('textbox', { name: '管理者', exact: true }).fill(fields.custodian);
  if (fields.personal) await page.getByRole('combobox', { name: '個人情報の種類', exact: true }).selectOption({ label: fields.personal });
  await page.getByRole('button', { name: '保存' }).click();
  // Saved (the asset's page opens) or refused beside a field: either way the save has finished, so the
  // next click cannot be overtaken by the page opening late on a busy machine.
  await expect(page.getByRole('heading', { level: 1, name: fields.name }).or(page.locator('.error')).first()).toBeVisible();
}

/**
 * Chooses an asset in an asset picker as a person would: types what they know of it (a 管理番号, a name)
 * into the search box, waits until the best match is the one meant, and presses Enter.
 */
export async function pickAsset(scope: Locator | Page, label: string, text: string, expected: string = text.toUpperCase()) {
  const box = scope.getByRole('combobox', { name: label, exact: true });
  await box.fill(text);
  await expect(scope.getByRole('listbox', { name: `${label}の候補` }).getByRole('option').first()).toContainText(expected);
  await box.press('Enter');
}

/** Writes a backup or an export to a medium outside the ledger, with the reason (recorded in the take-out register). */
export async function chooseOffLedgerMedium(scope: Locator, description = '許可USBメモリ SM-000120') {
  await scope.getByLabel('保存する記録媒体').selectOption({ label: '台帳にない媒体に保存する（理由を記録）' });
  await scope.getByLabel('台帳にない媒体', { exact: true }).fill(description);
  await scope.getByLabel(/許可された媒体を使わない理由/).fill('事務局から指定された媒体のため');
}

/** A manager creates an account with a temporary password on the アカウント screen. */
export async function createAccountAsManager(page: Page, account: { name: string; userId: string; employeeNumber?: string; role: '担当者' | 'セキュリティ管理者' | '監査（閲覧のみ）'; password: string }) {
  await openScreen(page, 'アカウント');
  const form = page.getByRole('region', { name: 'アカウントを作成' });
  await form.getByLabel('氏名').fill(account.name);
  await form.getByLabel('職員番号').fill(account.employeeNumber ?? `E-${account.userId}`);
  await form.getByLabel('ユーザーID').fill(account.userId);
  await form.getByLabel('役割').selectOption({ label: account.role });
  await form.getByLabel('仮パスワード（12文字以上）').fill(account.password);
  await form.getByLabel('仮パスワード（確認）').fill(account.password);
  await form.getByRole('button', { name: '作成する' }).click();
  // This account's own message (an earlier creation's may still be on screen while this one is hashed).
  await expect(page.getByRole('status').filter({ hasText: `（${account.userId}）のアカウントを作成しました` })).toBeVisible(passwordWork);
}

export async function logout(page: Page) {
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await expect(page.getByRole('heading', { name: /ログイン/ })).toBeVisible();
}

export async function login(page: Page, userId: string, password: string) {
  await page.getByLabel('ユーザーID').fill(userId);
  await page.getByLabel('パスワード', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await passwordChecked(page);
}

/** Waits while the login button reads 確認しています… (the scrypt check in its worker). */
export async function passwordChecked(page: Page) {
  const busy = page.getByRole('button', { name: '確認しています…' });
  await busy.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  await expect(busy).toHaveCount(0, passwordWork);
}

/** First login with a temporary password: replace it, then the ledger opens. */
export async function loginFirstTime(page: Page, userId: string, temporary: string, chosen: string) {
  await login(page, userId, temporary);
  await expect(page.getByRole('heading', { name: 'パスワードの変更' })).toBeVisible(passwordWork);
  await page.getByLabel('今のパスワード（仮パスワード）').fill(temporary);
  await page.getByLabel('新しいパスワード（12文字以上）').fill(chosen);
  await page.getByLabel('新しいパスワード（確認）').fill(chosen);
  await page.getByRole('button', { name: '変更して始める' }).click();
  await expect(page.getByRole('heading', { name: '情報資産台帳' })).toBeVisible(passwordWork);
}
