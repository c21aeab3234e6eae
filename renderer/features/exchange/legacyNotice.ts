/**
 * What the legacy import screen says about the classes of the rows it will add (before) or added
 * (after). A row with classes becomes a proposal another security manager approves; a row without
 * (the file had no class column, or it was set to 取り込まない) is added unclassified, which the ledger
 * shows as 未分類 and never treats as the lowest class. The screen said "proposed" for both.
 */
export function legacyClassNotice(assets: readonly { levels: Record<string, string> }[], done: boolean): string {
  const proposed = assets.filter((a) => Object.keys(a.levels).length > 0).length;
  const unclassified = assets.length - proposed;
  const count = (n: number) => `${n.toLocaleString('ja-JP')}件`;
  const approve = '別のセキュリティ管理者が確認して承認してください。';
  const classify = '台帳一覧の「未分類」から分類してください。';
  if (unclassified === 0) return done ? `分類は「提案中」です。${approve}` : '分類は「提案中」として登録されます。';
  if (proposed === 0) return done ? `分類のない資産は「未分類」です。${classify}` : '分類の値がないため、「未分類」として登録されます。';
  return done
    ? `${count(proposed)}の分類は「提案中」です（${approve.replace(/。$/, '')}）。分類のない${count(unclassified)}は「未分類」です。${classify}`
    : `${count(proposed)}の分類は「提案中」、分類のない${count(unclassified)}は「未分類」として登録されます。`;
}
