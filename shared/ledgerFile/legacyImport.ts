/**
 * 既存台帳の取込み: unsigned Excel ledgers already in use (the IPA 情報資産管理台帳 layout, or a
 * municipality's own). Columns are guessed from the headers, the person confirms or changes the
 * mapping (and may save it as a preset), every row is checked with the form's own schema, and nothing
 * is imported while any row has an error. Classes from such a file are only proposals: nobody signed
 * them, so a security manager approves them in the app (【03】第6条3).
 */
import {
  assetFieldLabels,
  assetInputSchema,
  choiceFieldLabels,
  personalInfoKindLabels,
  type AssetInput,
  type AssetStatus,
} from '../domain/asset';
import type { PolicyProfile } from '../domain/policyProfile';
import { parseRiskScale, type RiskScale } from '../domain/riskValue';
import { halfWidthAscii } from '../domain/sanitizeText';
import type { RowError } from './importLedger';
import * as XLSX from '@e965/xlsx';
import { MAX_LEDGER_ROWS, openWorkbook, sheetRows, type LedgerReadFailure } from './ledgerWorkbook';
import { isCompoundFile, isEncryptedPackage } from './officeEncryption';
import { guarded, openPackage, partText } from './xlsxPackage';

export type LegacyField = keyof AssetInput | 'status' | `class:${string}` | RiskField;

/** IPA 付録7: the two assessments a risk sheet holds (the value itself is recomputed from the profile). */
type RiskField = 'risk:threat' | 'risk:vulnerability';
const riskFields: { field: RiskField; label: string; words: string[] }[] = [
  { field: 'risk:threat', label: '脅威の発生頻度', words: ['脅威の発生頻度', '発生頻度', '脅威の頻度'] },
  { field: 'risk:vulnerability', label: '脆弱性', words: ['脆弱性', '脆弱性の程度'] },
];

/** Header words that name each field, in the IPA template and in common municipal ledgers. */
const synonyms: Record<keyof AssetInput | 'status', string[]> = {
  managementNumber: ['管理番号', '資産番号', '台帳番号', '整理番号', 'no', 'no.', '番号', 'id'],
  name: ['名称', '情報資産名称', '情報資産名', '資産名', '資産の名称', '件名'],
  kind: ['種類', '種別', '資産の種類', '資産種別'],
  medium: ['形式', '形態', '媒体', '電子/紙', '電子・紙'],
  location: ['所在', '保管場所', '保存場所', '媒体・保存先', '保存先', '設置場所'],
  owningSection: ['所管課', '所管部署', '管理部署', '担当課', '主管課', '部署'],
  custodian: ['管理者', '管理責任者', '責任者', '資産管理者'],
  userScope: ['利用者範囲', '利用者', '利用範囲', 'アクセス権者'],
  networkSegment: ['ネットワーク区分', 'ネットワーク', '系統', '接続先'],
  personalInfoKind: ['個人情報の種類', '個人情報', '個人情報の有無'],
  retentionPeriod: ['保存年限', '保存期間', '保存期限', '保管期限'],
  legalBasis: ['根拠法令', '根拠', '法令'],
  status: ['状態', 'ステータス'],
  nextReviewDate: ['次回見直し日', '見直し日', '次回見直し'],
  note: ['備考', 'メモ', 'その他'],
};

/** Cell words for value-list fields besides the app's own labels (NFKC-folded, lower case). */
const valueSynonyms: Partial<Record<keyof typeof choiceFieldLabels, Record<string, string[]>>> = {
  kind: {
    information: ['データ', '電子データ', '情報資産'],
    system: ['システム', 'ソフトウェア'],
    recordingMedium: ['媒体', '外部記録媒体', 'usbメモリ', 'usb', 'cd-r', 'dvd-r'],
    equipment: ['端末', 'パソコン', 'pc', 'サーバ', 'ハードウェア'],
    paperDocument: ['紙', '書類', '文書'],
    systemDocument: ['設計書', '手順書', 'マニュアル'],
  },
  medium: { electronic: ['電子データ', '電磁的記録', 'データ'], paper: ['紙媒体', '書面'] },
  personalInfoKind: { none: ['無', '無し', 'なし', '-', '', '該当なし', '非該当', '対象外'], personal: ['有', '有り', 'あり'] },
  status: { active: ['使用', '利用中', '有効', ''], retired: ['廃止済', '停止'], disposed: ['廃棄'] },
};

/** Cells that say "no" in a column of marks (個人情報 有/無). */
const notMarked = new Set(['無', '無し', 'なし', 'no', '-', 'ー', '―', '×', '0', 'いいえ', 'n', '該当なし', '非該当', '対象外'].map((w) => w.normalize('NFKC').toLowerCase()));

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, '');

/**
 * The fields an imported column can fill: the asset fields, then one per classification objective.
 * `choices` lists the values a value-list field accepts (offered when one value is given for all rows).
 */
export function legacyFields(profile: PolicyProfile): { field: LegacyField; label: string; required: boolean; choices?: string[] }[] {
  const required = new Set(['managementNumber', 'name', 'kind', 'medium', 'location', 'owningSection', 'custodian', 'networkSegment']);
  const choices = choiceFieldLabels as Record<string, Record<string, string>>;
  return [
    ...(Object.keys(assetFieldLabels) as (keyof AssetInput | 'status')[]).map((field) => ({
      field: field as LegacyField,
      label: assetFieldLabels[field],
      required: required.has(field),
      ...(choices[field] ? { choices: Object.values(choices[field]!) } : {}),
    })),
    ...profile.objectives.map((o) => ({ field: `class:${o.id}` as LegacyField, label: `分類:${o.name}`, required: false, choices: o.levels.map((l) => l.name) })),
    ...(profile.risk ? riskFields.map((r) => ({ field: r.field as LegacyField, label: r.label, required: false, choices: ['1', '2', '3'] })) : []),
  ];
}

/** Where one field comes from: a column of the sheet (by header text), or the same value for every row. */
export interface FieldSource {
  column: string | null;
  fixed: string;
}

export type LegacyMapping = Partial<Record<LegacyField, FieldSource>>;

/**
 * A header cell as its words, for matching: folded, without the notes clerks add to a heading
 * (「（任意）」「(必須)」「※1」, a trailing *, a leading ●■◆・). "個人情報の有無（任意）" names the
 * same column as "個人情報の有無"; the header shown to the person keeps their own text.
 */
export function headerKey(text: string): string {
  let key = fold(text).replace(/^[●■◆◇□○・*※]+/, '');
  for (let previous = ''; previous !== key; ) {
    previous = key;
    key = key.replace(/\([^()]*\)$/, '').replace(/(※\d*|\*+)$/, '');
  }
  return key;
}

/** Words that name a column: the field synonyms, the risk assessments, the usual class headings, and the IPA sheet's personal-information kinds. */
const headerWords = new Set([...Object.values(synonyms).flat(), ...riskFields.flatMap((r) => r.words), '機密性', '完全性', '可用性', '重要度', '格付', '分類', '要配慮個人情報', '特定個人情報'].map(fold));

/**
 * The header row: of the first 15 rows, the one that names the most known fields (at least three; the
 * first of equals). Not the first with three: a cover block above the table (所管課 総務課 管理者
 * 総務課長 番号 R8-1) names three fields too, and its row was taken for the header.
 */
export function findHeaderRow(rows: readonly (readonly string[])[]): number {
  const known = new Set(Object.values(synonyms).flat().map(fold));
  let best = 0;
  let bestCount = 2;
  for (let i = 0; i < Math.min(rows.length, 15); i++) {
    const count = rows[i]!.filter((cell) => known.has(headerKey(cell))).length;
    if (count > bestCount) [best, bestCount] = [i, count];
  }
  return best;
}

/**
 * Whether a row below the header is the header again, as clerks repeat it every printed page: the same
 * text in every cell, at least three of them filled. Such a row is read as blank (row numbers kept),
 * not reported as an asset with no valid 管理番号; no asset row is a copy of the headings.
 */
export function isRepeatedHeading(heading: readonly string[], row: readonly string[]): boolean {
  const width = Math.max(heading.length, row.length);
  let filled = 0;
  for (let i = 0; i < width; i++) {
    const text = (row[i] ?? '').trim();
    if (text !== (heading[i] ?? '').trim()) return false;
    if (text !== '') filled++;
  }
  return filled >= 3;
}

/** Between the group heading and the heading below it in a two-row header's column name. */
export const HEADER_LEVEL_SEPARATOR = '／';

/**
 * Whether the row below the header row is the header's second row, as clerks draw a two-row header:
 * group headings merged across columns (評価値 over 機密性・完全性・可用性) with the single headings
 * merged down both rows (read with their value in both rows), or typed once with blanks beside them.
 * Every filled cell of such a row repeats the heading above it or sits under a group (a heading repeated
 * beside it or with blanks to its right, under which this row holds two different texts or more; or no
 * heading at all); and it repeats at least three headings or
 * names at least two column words under groups. An asset row has values under single headings, so it is
 * never taken for a header, even when its values are words that can name a column (媒体, 個人情報).
 */
export function isSecondHeaderRow(header: readonly string[], below: readonly string[] | undefined): boolean {
  if (!below) return false;
  const above = (i: number) => (header[i] ?? '').trim();
  // Each column's group: a heading with the copies of it beside it (merged across) and the blank headings
  // right of it (typed once); -1 before the first heading. A group is one only if the row below holds at
  // least two different texts under it: on Excel 方眼紙 every heading is merged over two or three columns
  // and so is every value below it (or typed in the first and blank beside it), and an asset whose 種類
  // was 媒体 was read as the header's second row and left out of the import.
  const group: number[] = [];
  for (let i = 0, id = -1; i < Math.max(header.length, below.length); i++) {
    if (above(i) !== '' && above(i) !== above(i - 1)) id++;
    group.push(id);
  }
  const texts = new Map<number, Set<string>>();
  below.forEach((cell, i) => {
    if (cell.trim() !== '') texts.set(group[i]!, (texts.get(group[i]!) ?? new Set()).add(cell.trim()));
  });
  let repeated = 0;
  let named = 0;
  for (let i = 0; i < below.length; i++) {
    const text = below[i]!.trim();
    if (text === '') continue;
    if (text === above(i)) repeated++;
    else if (group[i] === -1 || texts.get(group[i]!)!.size >= 2) {
      if (headerWords.has(headerKey(text))) named++;
    } else return false;
  }
  return repeated >= 3 || named >= 2;
}

/**
 * One column name per column of a two-row header: the lower heading under its group
 * ("評価値／機密性"), the group alone where nothing is below it, the heading alone where it spans
 * both rows.
 */
export function combineHeaderRows(upper: readonly string[], lower: readonly string[]): string[] {
  return Array.from({ length: Math.max(upper.length, lower.length) }, (_, i) => {
    const top = (upper[i] ?? '').trim();
    const bottom = (lower[i] ?? '').trim();
    if (bottom === '' || bottom === top) return top;
    return top === '' ? bottom : `${top}${HEADER_LEVEL_SEPARATOR}${bottom}`;
  });
}

/** A two-row header's column name with its headings joined by の (個人情報／種類 -> 個人情報の種類); '' for a one-row name. */
function joinedHeaderKey(name: string): string {
  const at = name.lastIndexOf(HEADER_LEVEL_SEPARATOR);
  return at < 0 ? '' : headerKey(`${name.slice(0, at)}の${name.slice(at + 1)}`);
}

/**
 * Guesses a mapping from the header texts: first every exact word for every field (a field's words in
 * order; the header as written, then without its notes such as 「（任意）」, then a two-row header's
 * headings joined with の, then its lower heading), then headers that contain a field's word, so
 * "個人情報の種類" goes to its own field before "種類" could take it.
 */
export function guessMapping(header: readonly string[], profile: PolicyProfile): LegacyMapping {
  const folded = header.map(fold);
  const used = new Set<number>();
  const mapping: LegacyMapping = {};
  const candidates: [LegacyField, string[]][] = [
    ...profile.objectives.map((o): [LegacyField, string[]] => [`class:${o.id}`, [`分類:${o.name}`, o.name, ...(profile.objectives.length === 1 ? ['格付', '重要度', '分類', '機密性'] : [])]]),
    ...Object.entries(synonyms).map(([field, words]): [LegacyField, string[]] => [field as LegacyField, [assetFieldLabels[field as keyof typeof assetFieldLabels], ...words]]),
    ...(profile.risk ? riskFields.map((r): [LegacyField, string[]] => [r.field, r.words]) : []),
  ];
  // A two-row header's column is also known by its lower heading ("評価値／機密性" is 機密性).
  const keys = header.map((h) => headerKey(h));
  const lowerKeys = header.map((h) => headerKey(h.slice(h.lastIndexOf(HEADER_LEVEL_SEPARATOR) + 1)));
  // …and by its two headings read as one: 個人情報 over 有無・種類 is 個人情報の有無 and 個人情報の種類 (read by
  // its lower heading alone, 種類 took the asset's 種類, and 個人情報 took the 有無 column by containment).
  const joinedKeys = header.map(joinedHeaderKey);
  // The exact passes take a field's words in order, the first word any header has: with 個人情報
  // (有/無) left of 個人情報の種類 the first header matching any word was the 有/無 column, and an asset
  // whose 種類 said 特定個人情報 was imported as 個人情報 without a word.
  // A header as written beats one read without its note: with 管理番号（旧） left of 管理番号 the old
  // numbers were imported as the 管理番号.
  const passes: ((i: number, targets: string[]) => boolean)[] = [
    (i, targets) => targets.includes(folded[i]!),
    (i, targets) => targets.includes(keys[i]!),
    (i, targets) => joinedKeys[i] !== '' && targets.includes(joinedKeys[i]!),
    (i, targets) => targets.includes(lowerKeys[i]!),
    (i, targets) => targets.some((t) => t.length >= 2 && folded[i]!.includes(t)),
  ];
  const free = (h: string, i: number) => !used.has(i) && h !== '';
  for (const [p, pass] of passes.entries()) {
    for (const [field, words] of candidates) {
      if (mapping[field]) continue;
      const targets = words.map(fold);
      let index = -1;
      if (p < 4) for (const target of targets) if ((index = folded.findIndex((h, i) => free(h, i) && pass(i, [target]))) >= 0) break;
      if (p === 4) index = folded.findIndex((h, i) => free(h, i) && pass(i, targets));
      if (index < 0) continue;
      used.add(index);
      mapping[field] = { column: header[index]!, fixed: '' };
    }
  }
  return mapping;
}

/**
 * The Japanese eras a ledger's dates are written in, with each era's first day: 令和8年4月1日, R8.4.1,
 * 平成31年4月30日, 令和元年5月1日 (the first year is written 元).
 */
const eras: { names: string[]; start: [number, number, number] }[] = [
  { names: ['令和', 'r'], start: [2019, 5, 1] },
  { names: ['平成', 'h'], start: [1989, 1, 8] },
  { names: ['昭和', 's'], start: [1926, 12, 25] },
];

/** Whether y-m-d is a day of the calendar (not 2026-02-30). */
function isRealDay(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * 2027/4/1, 2027年4月1日, 2027-04-01, an Excel date (read as ISO text), or a date in a Japanese era
 * (令和8年4月1日, R8.4.1, R8/4/1, 令和元年5月1日) -> 2027-04-01; anything else unchanged, for the
 * schema to report. An era date outside its era (平成31年5月1日: Heisei ended on 4月30日; H32.3.31
 * written by a program never updated) is left unchanged too: it is the clerk's to correct, not ours to guess.
 */
export function normaliseDate(text: string): string {
  const iso = /^(\d{4}-\d{2}-\d{2})T/.exec(text);
  if (iso) return iso[1]!;
  const folded = text.normalize('NFKC').trim().replace(/\s+/g, '');
  const parts = /^(\d{4})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/.exec(folded);
  if (parts) return `${parts[1]}-${parts[2]!.padStart(2, '0')}-${parts[3]!.padStart(2, '0')}`;
  const era = /^(令和|平成|昭和|[rhs])(元|\d{1,2})[/\-.年](\d{1,2})[/\-.月](\d{1,2})日?$/i.exec(folded);
  const known = era && eras.find((e) => e.names.includes(era[1]!.toLowerCase()));
  if (!era || !known) return text;
  const year = known.start[0] + (era[2] === '元' ? 1 : Number(era[2])) - 1;
  const [month, day] = [Number(era[3]), Number(era[4])];
  if (!isRealDay(year, month, day)) return text;
  const next = eras[eras.indexOf(known) - 1];
  const key = (y: number, m: number, d: number) => y * 10_000 + m * 100 + d;
  const value = key(year, month, day);
  if (value < key(...known.start) || (next && value >= key(...next.start))) return text;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * The value-list lookups of one `mapLegacyRows` call, built once instead of folding every label for
 * every cell (the folding was most of the time of a 5,000-row preview). Same answers as matching the
 * labels in order: the first entry whose folded label or whose own value matches wins, then the synonyms.
 */
function choiceLookup(fold: (text: string) => string): (field: keyof typeof choiceFieldLabels, text: string) => string | undefined {
  const tables = new Map<string, { byLabel: Map<string, number>; byValue: Map<string, number>; values: string[]; bySynonym: Map<string, string> }>();
  for (const [field, labels] of Object.entries(choiceFieldLabels) as [string, Record<string, string>][]) {
    const values = Object.keys(labels);
    const byLabel = new Map<string, number>();
    const byValue = new Map<string, number>();
    values.forEach((value, i) => {
      const label = fold(labels[value]!);
      if (!byLabel.has(label)) byLabel.set(label, i);
      if (!byValue.has(value)) byValue.set(value, i);
    });
    const bySynonym = new Map<string, string>();
    for (const [value, words] of Object.entries(valueSynonyms[field as keyof typeof choiceFieldLabels] ?? {})) {
      for (const word of words) if (!bySynonym.has(fold(word))) bySynonym.set(fold(word), value);
    }
    tables.set(field, { byLabel, byValue, values, bySynonym });
  }
  return (field, text) => {
    const table = tables.get(field)!;
    const wanted = fold(text);
    const first = Math.min(table.byLabel.get(wanted) ?? Infinity, table.byValue.get(text.trim()) ?? Infinity);
    return first < Infinity ? table.values[first] : table.bySynonym.get(wanted);
  };
}

/** `fold` remembered per distinct text: a ledger repeats the same few words in most of its cells. */
function memoisedFold(): (text: string) => string {
  const seen = new Map<string, string>();
  return (text) => {
    let folded = seen.get(text);
    if (folded === undefined) {
      folded = fold(text);
      if (seen.size < 100_000) seen.set(text, folded);
    }
    return folded;
  };
}

export interface LegacyAsset {
  input: AssetInput;
  status: AssetStatus;
  levels: Record<string, string>;
  /** IPA 付録7 threat and vulnerability, when the file has both (absent: not assessed). */
  risk?: { threat: RiskScale; vulnerability: RiskScale };
}

/**
 * Applies the mapping to every row. Returns all row errors (Excel row numbers) or all assets, never
 * part of the file.
 */
export function mapLegacyRows(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  mapping: LegacyMapping,
  profile: PolicyProfile,
  options: { firstRowNumber: number; existingNumbers: ReadonlySet<string> },
): { ok: true; assets: LegacyAsset[] } | { ok: false; errors: RowError[] } {
  const column = new Map(header.map((h, i) => [h, i]));
  const foldText = memoisedFold();
  const choiceValue = choiceLookup(foldText);
  const fieldNames = Object.keys(assetFieldLabels) as (keyof AssetInput | 'status')[];
  // Each objective's levels by folded name and by id, the first level matching either winning.
  const levelOf = profile.objectives.map((objective) => {
    const byText = new Map<string, string>();
    for (const level of objective.levels) for (const key of [fold(level.name), fold(level.id)]) if (!byText.has(key)) byText.set(key, level.id);
    return byText;
  });
  const errors: RowError[] = [];
  const assets: LegacyAsset[] = [];
  const seen = new Set<string>();
  // The IPA sheet marks personal information in one column per kind (個人情報の種類 over 個人情報・
  // 要配慮個人情報・特定個人情報, each 有 or blank); one of them is mapped, the marks in the others would be
  // lost without a word (特定個人情報 imported as なし). Every other column named by a kind is checked.
  const kindLabels = personalInfoKindLabels as Record<string, string>;
  const kindColumns = header.flatMap((h, i) => {
    if (h === mapping.personalInfoKind?.column) return [];
    const keys = [headerKey(h.slice(h.lastIndexOf(HEADER_LEVEL_SEPARATOR) + 1)), joinedHeaderKey(h)];
    // 特定個人情報の有無 is the same column of marks as 特定個人情報 (ledgers copy 個人情報の有無's wording).
    const kind = Object.keys(kindLabels).find((k) => k !== 'none' && [fold(kindLabels[k]!), `${fold(kindLabels[k]!)}の有無`].some((name) => keys.includes(name)));
    return kind ? [{ index: i, kind }] : [];
  });
  rows.forEach((row, index) => {
    if (row.every((cell) => cell.trim() === '')) return;
    const rowNumber = options.firstRowNumber + index;
    const value = (field: LegacyField) => {
      const source = mapping[field];
      if (!source) return '';
      const cell = source.column !== null && column.has(source.column) ? (row[column.get(source.column)!] ?? '').trim() : '';
      return cell === '' ? source.fixed : cell;
    };
    const problems: string[] = [];
    const raw: Record<string, string> = {};
    const unlisted = new Set<string>();
    for (const field of fieldNames) {
      const text = value(field);
      if (field in choiceFieldLabels) {
        const mapped = choiceValue(field as keyof typeof choiceFieldLabels, text);
        if (mapped === undefined) {
          unlisted.add(field);
          problems.push(text === '' ? `${assetFieldLabels[field]}がありません（列がない場合は「全行に同じ値」で選べます）` : `${assetFieldLabels[field]}「${text}」は一覧にない値です`);
        }
        raw[field] = mapped ?? '';
      } else {
        // A 管理番号 typed with the IME on (ＳＭ－００１) is the number the clerk means, SM-001: the form's
        // rule asks for half-width letters and digits. Width only: NFKC also made SM-① into SM-1 and
        // SYS-Ⅱ into SYS-II, numbers the clerk did not write (and SM-1 may be another asset's).
        raw[field] = field === 'nextReviewDate' ? normaliseDate(text) : field === 'managementNumber' ? halfWidthAscii(text) : text;
      }
    }
    const importedKind = raw.personalInfoKind ?? '';
    for (const { index, kind } of kindColumns) {
      const mark = (row[index] ?? '').trim();
      if (importedKind === '' || importedKind === kind || mark === '' || notMarked.has(foldText(mark))) continue;
      // 要配慮個人情報 and 特定個人情報 are personal information too (個人情報保護法第2条第3項, 番号法第2条第8項):
      // a 個人情報 有 beside them is the same asset, not a second kind.
      if (kind === 'personal' && importedKind !== 'none') continue;
      problems.push(`個人情報の種類は「${kindLabels[importedKind]}」ですが、「${header[index]}」の列に「${mark}」があります（種類ごとの列は取り込めません。個人情報の種類を1列にまとめ、なし・個人情報・要配慮個人情報・特定個人情報のどれかを入れて保存し直してください）`);
    }
    const parsed = assetInputSchema.safeParse(raw);
    // A value-list field already reported above is not reported again by the schema.
    if (!parsed.success) problems.push(...parsed.error.issues.filter((i) => !unlisted.has(String(i.path[0]))).map((i) => i.message.replace(/。$/, '')));
    const levels: Record<string, string> = {};
    profile.objectives.forEach((objective, i) => {
      const text = foldText(value(`class:${objective.id}`));
      if (text === '') return;
      const level = levelOf[i]!.get(text);
      if (level) levels[objective.id] = level;
      else problems.push(`分類:${objective.name}「${value(`class:${objective.id}`)}」は分類基準にない値です`);
    });
    // All objectives or none: a proposal is one level per objective, so a file with 機密性 but no 完全性
    // lost its 機密性 without a word (the screen said the classes were proposed).
    const classified = profile.objectives.filter((o) => value(`class:${o.id}`) !== '');
    if (classified.length > 0 && classified.length < profile.objectives.length) {
      const missing = profile.objectives.filter((o) => !classified.includes(o)).map((o) => o.name).join('・');
      problems.push(`分類の${missing}が空です（${profile.objectives.map((o) => o.name).join('・')}はすべて入れるか、すべて空にしてください。列がない観点は「全行に同じ値」で選べます。分類を取り込まない場合は分類の列を「取り込まない」にしてください）`);
    }
    // Both or neither: half an assessment would show a risk value no one assessed.
    const risk = profile.risk ? riskFields.map((r) => ({ ...r, text: value(r.field), scale: parseRiskScale(value(r.field)) })) : [];
    for (const r of risk) if (r.text !== '' && r.scale === null) problems.push(`${r.label}「${r.text}」は 1・2・3 のどれかにしてください`);
    const given = risk.filter((r) => r.text !== '');
    if (given.length === 1) problems.push(`${given[0]!.label}だけが入っています。脅威の発生頻度と脆弱性は両方入れるか、両方空にしてください`);
    if (parsed.success) {
      const number = parsed.data.managementNumber;
      if (options.existingNumbers.has(number)) problems.push(`管理番号「${number}」はすでに台帳にあります`);
      else if (seen.has(number)) problems.push(`管理番号「${number}」がファイルの中で重複しています`);
      seen.add(number);
    }
    if (problems.length > 0 || !parsed.success) return void errors.push({ row: rowNumber, message: `${problems.join('。')}。` });
    const [threat, vulnerability] = risk.map((r) => r.scale);
    assets.push({
      input: parsed.data,
      status: raw.status as AssetStatus,
      levels: Object.keys(levels).length === profile.objectives.length ? levels : {},
      ...(threat && vulnerability ? { risk: { threat, vulnerability } } : {}),
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, assets };
}

/**
 * Sheet names that hold an example or instructions, not the ledger: municipal templates often open on a
 * 「記入例」 sheet, and importing the example's rows would put made-up assets in the ledger.
 */
const EXAMPLE_SHEET = /記入例|記載例|入力例|作成例|サンプル|見本|記入要領|記入方法|注意事項|使い方|凡例|選択肢/;

/**
 * The sheet the screen opens on: among the sheets with rows that are not named as an example or
 * instructions, the one whose header names the most fields (a 集計 or 変更履歴 sheet beside the
 * ledger names few); the first such on a tie; the first sheet when none qualifies. The clerk can
 * still choose any sheet.
 */
export function preferredSheet(sheets: readonly Pick<LegacySheet, 'name' | 'header' | 'rows'>[], profile: PolicyProfile): number {
  let best = -1;
  let bestScore = -1;
  sheets.forEach((sheet, i) => {
    if (sheet.rows.length === 0 || EXAMPLE_SHEET.test(sheet.name.normalize('NFKC'))) return;
    const score = Object.keys(guessMapping(sheet.header, profile)).length;
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return Math.max(0, best);
}

export interface LegacySheet {
  name: string;
  header: string[];
  rows: string[][];
  /** Excel row number of the first data row. */
  firstRowNumber: number;
}

/**
 * Bounds on an unsigned workbook's table, far above a real legacy ledger (the IPA layout has about 30
 * columns; a section's ledger a few thousand rows). A sheet is read as a full grid (every position from
 * its first to its last cell), so one stray value at XFD1000 beside a three-column table made a 16 KB
 * file into 16 million cells: minutes of work and gigabytes in the worker, then a header of 16,384
 * columns offered in every field's list.
 */
export const LEGACY_LIMITS = {
  /** Excel 97-2003's width (column IV): a ledger that came from an .xls never has more. */
  maxColumns: 256,
  /** Rows × columns of one sheet's grid (100,000 rows of 50 columns). */
  maxCells: 5_000_000,
  /**
   * What the whole package may inflate to, counted while inflating, before SheetJS reads it: SheetJS
   * holds about 15 times the sheet XML in memory (3 million cells, 86 MB of XML in an 8 MB file, took
   * 16 s and 1.3 GB), so the signed reader's 512 MB would be gigabytes in the worker. 64 MB is about
   * 1.5 million filled cells (50,000 rows of 30 columns).
   */
  maxInflatedBytes: 64 * 1024 * 1024,
};

export type LegacyReadFailure = Exclude<LedgerReadFailure, 'not-daicho'> | 'xls' | 'encrypted' | 'other-format' | 'too-wide';

/**
 * Zip packages SheetJS reads as other formats than .xlsx (it picks the parser from the part names):
 * OpenDocument (.ods), Apple Numbers, and binary .xlsb parts. An .ods of 1 KB whose one row says
 * `number-rows-repeated="1048576"` and `number-columns-repeated="16384"` asks SheetJS for 17 billion
 * cells (it expands repetitions before `sheetRows` applies): the worker ran out of memory, and the
 * CLI's `sign` hung. Names compare as SheetJS compares them (case-insensitive, either slash).
 */
function otherFormatPart(names: Iterable<string>): boolean {
  let contentTypes = false;
  for (const raw of names) {
    const name = raw.toLowerCase().replace(/\\/g, '/').replace(/^\/+/, '');
    if (name === '[content_types].xml') contentTypes = true;
    if (name === 'meta-inf/manifest.xml' || name === 'objectdata.xml' || name === 'index/document.iwa' || name.endsWith('index.zip')) return true;
    if (name === 'mimetype' || name.endsWith('.iwa')) return true;
    // Workbook or sheet parts in the binary form (.xlsb); printer settings and macros stay unread data.
    if (name.endsWith('.bin') && !/^xl\/(printersettings\/|vbaproject\.bin$|embeddings\/)/.test(name)) return true;
  }
  return !contentTypes;
}

/**
 * Why an unsigned .xlsx cannot be read as anything else, before SheetJS sees it: an old .xls or a
 * password-protected workbook (both compound files), another spreadsheet format in a zip, or bytes
 * that are no zip at all. Null when the bytes may go to `openWorkbook`.
 */
export function legacyFormatRefusal(bytes: Uint8Array): LegacyReadFailure | null {
  if (isCompoundFile(bytes)) return isEncryptedPackage(bytes) ? 'encrypted' : 'xls';
  const pkg = guarded(() => openPackage(bytes));
  if (!pkg.ok) return null; // openWorkbook reports the package's own refusal (too large, not a zip, damaged)
  if (otherFormatPart(pkg.value.entries.keys())) return 'other-format';
  // An .xlsb may name its binary workbook anything (…/book.xml): SheetJS takes the workbook from an
  // Override's content type (a Default for .bin is in every workbook SheetJS itself writes).
  const types = guarded(() => partText(pkg.value, '[Content_Types].xml', 1024 * 1024));
  return types.ok && /<(?:\w+:)?Override\b[^>]*sheet\.binary/i.test(types.value) ? 'other-format' : null;
}

/**
 * Reads every sheet of an unsigned workbook, with its header row found: the package checks of signed
 * files under `LEGACY_LIMITS.maxInflatedBytes` (before SheetJS reads a byte), then the limits on each
 * sheet's grid; no sheet is returned unless all fit. `limits` is lowered by tests.
 */
export function readLegacyWorkbook(bytes: Uint8Array, limits: typeof LEGACY_LIMITS = LEGACY_LIMITS): { ok: true; sheets: LegacySheet[] } | { ok: false; reason: LegacyReadFailure } {
  const format = legacyFormatRefusal(bytes);
  if (format) return { ok: false, reason: format };
  const opened = openWorkbook(bytes, { dates: true, formats: true, maxInflatedBytes: limits.maxInflatedBytes });
  if (!opened.ok) return opened;
  const names = opened.book.SheetNames.filter((name) => opened.book.Workbook?.Sheets?.find((s) => s.name === name)?.Hidden !== 2);
  // Every grid is measured before any is read (`openWorkbook` has shrunk each range to its cells).
  for (const name of names) {
    const ref = opened.book.Sheets[name]!['!ref'];
    if (!ref) continue;
    const { s, e } = XLSX.utils.decode_range(ref);
    const width = e.c - s.c + 1;
    if (width > limits.maxColumns) return { ok: false, reason: 'too-wide' };
    // openWorkbook asks SheetJS for MAX_LEDGER_ROWS + 2 rows and SheetJS drops the rest unsaid: a cell
    // in the last of them may have more rows below it, which would have been left out of the import.
    if (e.r >= MAX_LEDGER_ROWS + 1) return { ok: false, reason: 'too-large' };
    if ((e.r - s.r + 1) * width > limits.maxCells) return { ok: false, reason: 'too-large' };
    showNumbersAsFormatted(opened.book.Sheets[name]!);
    datesAsWritten(opened.book.Sheets[name]!);
    if (!fillMergedCells(opened.book.Sheets[name]!, limits.maxCells)) return { ok: false, reason: 'too-large' };
  }
  const sheets = names.map((name) => {
    const sheet = opened.book.Sheets[name]!;
    const table = sheetRows(sheet, true);
    const top = sheet['!ref'] ? XLSX.utils.decode_range(sheet['!ref']).s.r : 0;
    const headerIndex = findHeaderRow(table);
    const twoRows = isSecondHeaderRow(table[headerIndex] ?? [], table[headerIndex + 1]);
    const headerCells = twoRows ? combineHeaderRows(table[headerIndex]!, table[headerIndex + 1]!) : (table[headerIndex] ?? []);
    const headerHeight = twoRows ? 2 : 1;
    // Headers made unique (a blank or repeated header gets its column letter), so a mapping can name it.
    const seen = new Set<string>();
    const header = headerCells.map((h, i) => {
      const text = h.trim() === '' || seen.has(h.trim()) ? `${h.trim()}（${i + 1}列目）` : h.trim();
      seen.add(text);
      return text;
    });
    const headingRows = table.slice(headerIndex, headerIndex + headerHeight);
    const rows = table.slice(headerIndex + headerHeight).map((row) => (headingRows.some((heading) => isRepeatedHeading(heading, row)) ? row.map(() => '') : row));
    return { name, header, rows, firstRowNumber: top + headerIndex + headerHeight + 1 };
  });
  return { ok: true, sheets: sheets.filter((s) => s.header.length > 0) };
}

/**
 * Number cells as the person sees them in Excel: a 管理番号 stored as 1 and shown as 001 (format
 * "000") or SM-0001 (format "SM-"0000) is imported as shown, not as 1. Only cells with a number
 * format of their own; General numbers and dates (read as dates) are left as they are.
 */
function showNumbersAsFormatted(sheet: XLSX.WorkSheet): void {
  for (const key in sheet) {
    if (key.startsWith('!')) continue;
    const cell = sheet[key] as XLSX.CellObject;
    if (cell.t !== 'n' || typeof cell.z !== 'string' || cell.z === 'General' || typeof cell.v !== 'number') continue;
    try {
      const shown = XLSX.SSF.format(cell.z, cell.v);
      sheet[key] = { t: 's', v: shown };
    } catch {
      // A format SheetJS cannot apply: the stored number, as before.
    }
  }
}

/**
 * Date cells as text of the date written in the cell. SheetJS reads an Excel date as that date and time
 * in UTC, and `sheet_to_json` then moves it to the computer's time zone: in Japan (UTC+9) a 2026/4/1
 * in the sheet became 2026-03-31T15:00:00.000Z and was imported as 2026-03-31, one day early, without
 * a word. The UTC value is the cell's own date and time, the same on every computer. Written as a
 * person reads it (2031-03-31, or 2031-03-31 09:30 with a time), not as an ISO timestamp: a date cell
 * mapped to a text field (保存期限 in 備考) is stored as this text.
 */
function datesAsWritten(sheet: XLSX.WorkSheet): void {
  for (const key in sheet) {
    if (key.startsWith('!')) continue;
    const cell = sheet[key] as XLSX.CellObject;
    if (cell.t === 'd' && cell.v instanceof Date && !Number.isNaN(cell.v.getTime())) sheet[key] = { t: 's', v: dateCellText(cell.v) };
  }
}

/** A date cell's UTC value (its own date and time) as 2031-03-31, or 2031-03-31 09:30(:15) when it has a time. */
export function dateCellText(date: Date): string {
  const iso = date.toISOString();
  const time = iso.slice(11, 19);
  return time === '00:00:00' ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${time.endsWith(':00') ? time.slice(0, 5) : time}`;
}

/**
 * Merged cells as the person sees them: a 業務分類 merged over five rows shows its value beside each of
 * them, and Excel stores it only in the first (the other rows were read empty and reported as
 * missing a value). Each merged range, cut to the sheet's cells, gets its first cell's value where it
 * has none. False (nothing more is done) when the ranges cover more than `maxCells` positions in all:
 * a file of many large, overlapping ranges would otherwise fill billions.
 */
function fillMergedCells(sheet: XLSX.WorkSheet, maxCells: number): boolean {
  const ref = sheet['!ref'];
  if (!ref) return true;
  const grid = XLSX.utils.decode_range(ref);
  let visited = 0;
  for (const merge of sheet['!merges'] ?? []) {
    const first = sheet[XLSX.utils.encode_cell(merge.s)] as XLSX.CellObject | undefined;
    if (!first) continue;
    for (let r = Math.max(merge.s.r, grid.s.r); r <= Math.min(merge.e.r, grid.e.r); r++) {
      for (let c = Math.max(merge.s.c, grid.s.c); c <= Math.min(merge.e.c, grid.e.c); c++) {
        if (++visited > maxCells) return false;
        const address = XLSX.utils.encode_cell({ r, c });
        const cell = sheet[address] as XLSX.CellObject | undefined;
        if (cell === undefined || cell.v === undefined || cell.v === '') sheet[address] = { ...first };
      }
    }
  }
  return true;
}

/**
 * What happened and what to do next when an unsigned workbook cannot be read. Not the signed import's
 * texts: those send the person back to the section that exported the file, and this file came from
 * no one's Daichō (an .xls or a locked workbook is the person's own, to save again in Excel).
 */
export function legacyRefusalMessage(reason: LegacyReadFailure): string {
  switch (reason) {
    case 'too-large':
      return `ファイルが大きすぎます（64 MB・展開後 64 MB（値の入ったセルでおよそ150万個）・1シート ${(MAX_LEDGER_ROWS / 10_000).toLocaleString('ja-JP')}万行・${LEGACY_LIMITS.maxCells.toLocaleString('ja-JP')} セル（10万行×50列）まで）。台帳のシートだけを残したブックにして、もう一度選んでください。台帳は変更されていません。`;
    case 'too-wide':
      return `シートの列が多すぎます（${LEGACY_LIMITS.maxColumns}列まで）。表から離れた右の方に値が入ったセルがないか確かめ、あれば削除して保存し直してから、もう一度選んでください。台帳は変更されていません。`;
    case 'xls':
      return 'Excel 97-2003 形式（.xls）は読めません。Excel で開き、「名前を付けて保存」で「Excel ブック（.xlsx）」を選んで保存し直してから、もう一度選んでください。台帳は変更されていません。';
    case 'encrypted':
      return 'このブックはパスワードで保護されています。Excel でパスワードを入れて開き、「ブックの保護」の暗号化を解除して保存し直してから、もう一度選んでください（取り込んだ後は元のファイルを安全に保管してください）。台帳は変更されていません。';
    case 'other-format':
      return 'このファイルは Excel ブック（.xlsx）ではありません（OpenDocument・Numbers・バイナリ形式 .xlsb などは読めません）。Excel か LibreOffice で開き、「Excel ブック（.xlsx）」形式で保存し直してから、もう一度選んでください。台帳は変更されていません。';
    case 'not-xlsx':
      return 'このファイルは Excel ブック（.xlsx）ではありません（CSV や HTML、PDF などは読めません）。Excel で開ける台帳なら、「Excel ブック（.xlsx）」形式で保存し直してから、もう一度選んでください。台帳は変更されていません。';
    case 'damaged':
      return 'ファイルが壊れているか、途中で切れています。元のファイルを Excel で開けるか確かめ、開けるなら保存し直してから、もう一度選んでください。台帳は変更されていません。';
  }
}
