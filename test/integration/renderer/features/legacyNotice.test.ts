import { describe, expect, it } from 'vitest';
import { legacyClassNotice } from '../../../../renderer/features/exchange/legacyNotice';

const classified = { levels: { importance: 'A' } };
const bare = { levels: {} };

describe('legacyClassNotice', () => {
  it.each([
    ['every row classified', [classified, classified], false, '分類は「提案中」として登録されます。'],
    ['every row classified, after', [classified], true, '分類は「提案中」です。別のセキュリティ管理者が確認して承認してください。'],
    // The file had no class column: the rows are 未分類, never "proposed" (and never the lowest class).
    ['no row classified', [bare, bare], false, '分類の値がないため、「未分類」として登録されます。'],
    ['no row classified, after', [bare], true, '分類のない資産は「未分類」です。台帳一覧の「未分類」から分類してください。'],
    ['some rows classified', [classified, bare, bare], false, '1件の分類は「提案中」、分類のない2件は「未分類」として登録されます。'],
    ['some rows classified, after', [classified, classified, bare], true, '2件の分類は「提案中」です（別のセキュリティ管理者が確認して承認してください）。分類のない1件は「未分類」です。台帳一覧の「未分類」から分類してください。'],
  ])('says what happens to the classes when %s', (_name, assets, done, text) => {
    expect(legacyClassNotice(assets, done)).toBe(text);
  });
});
