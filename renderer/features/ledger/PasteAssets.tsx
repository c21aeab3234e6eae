/**
 * 「Excelから貼り付けて登録」: a person copies rows from their own Excel ledger and pastes them here.
 * The rows appear in a grid, each column shows the ledger field it fills (guessed from a header row,
 * or the ledger's own order without one), every row is checked with the form's own rules, cells are
 * fixed in place, and all rows are registered in one write or none.
 */
import { useEffect, useMemo, useState } from 'react';
import { guessMapping, legacyFields, mapLegacyRows, type LegacyField, type LegacyMapping } from '../../../shared/ledgerFile/legacyImport';
import { parseTsv, pastedTable, type PastedTable } from '../../../shared/ledgerFile/pasteTable';
import { listManagementNumbers, registerAssets } from '../../data/assetRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { useChangeContext, useProfile } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

const parseMessages = {
  empty: '貼り付けた内容に表がありません。Excel でセル範囲を選んでコピー（Ctrl+C）し、ここに貼り付け（Ctrl+V）てください。',
  'too-many-rows': '一度に貼り付けられるのは2,000行までです。分けて貼り付けるか、「書出し・取込み」の「既存台帳の取込み」でファイルから取り込んでください。',
  'too-long': '貼り付けた内容が大きすぎます（200万文字まで）。分けて貼り付けてください。',
} as const;

/** Which field each column fills, as a mapping the legacy-import rules understand. */
function mappingFromColumns(header: readonly string[], columns: readonly (LegacyField | '')[], fixed: Partial<Record<LegacyField, string>>): LegacyMapping {
  const mapping: LegacyMapping = {};
  columns.forEach((field, i) => {
    if (field) mapping[field] = { column: header[i]!, fixed: fixed[field] ?? '' };
  });
  for (const [field, value] of Object.entries(fixed) as [LegacyField, string][]) {
    if (!mapping[field] && value) mapping[field] = { column: null, fixed: value };
  }
  return mapping;
}

export function PasteAssets({ onDone }: { onDone: (message: string) => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const context = useChangeContext();
  const fields = useMemo(() => legacyFields(profile), [profile]);
  const [table, setTable] = useState<PastedTable | null>(null);
  const [columns, setColumns] = useState<(LegacyField | '')[]>([]);
  const [fixed, setFixed] = useState<Partial<Record<LegacyField, string>>>({});
  const [existing, setExisting] = useState<Set<string>>(new Set());
  const [message, setMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);
  /** Text typed into the box (a paste is read at once). */
  const [raw, setRaw] = useState('');

  useEffect(() => {
    void listManagementNumbers(db).then((numbers) => setExisting(new Set(numbers)));
  }, [db]);

  const paste = (text: string) => {
    setMessage(null);
    const parsed = parseTsv(text);
    if (!parsed.ok) return setMessage({ kind: 'error', text: parseMessages[parsed.reason] });
    const next = pastedTable(parsed.rows, profile);
    const guessed = guessMapping(next.header, profile);
    setTable(next);
    setColumns(next.header.map((h) => (Object.entries(guessed).find(([, source]) => source?.column === h)?.[0] as LegacyField | undefined) ?? ''));
    setFixed({});
  };

  const mapping = useMemo(() => (table ? mappingFromColumns(table.header, columns, fixed) : {}), [table, columns, fixed]);
  const result = useMemo(
    () => (table ? mapLegacyRows(table.header, table.rows, mapping, profile, { firstRowNumber: table.firstRowNumber, existingNumbers: existing }) : null),
    [table, mapping, profile, existing],
  );
  const errorsByRow = new Map(result && !result.ok ? result.errors.map((e) => [e.row, e.message]) : []);
  const missingRequired = fields.filter((f) => f.required && !columns.includes(f.field));

  const cellLabel = (row: number, column: number) => `${row}行目 ${fields.find((f) => f.field === columns[column])?.label ?? `${column + 1}列目`}`;
  const editCell = (row: number, column: number, value: string) =>
    setTable((current) => current && { ...current, rows: current.rows.map((r, i) => (i === row ? r.map((c, j) => (j === column ? value : c)) : r)) });

  const register = async () => {
    if (!result?.ok) return;
    setBusy(true);
    const saved = await registerAssets(db, result.assets, profile, () => crypto.randomUUID(), context());
    setBusy(false);
    if (!saved.ok) return setMessage({ kind: 'error', text: writeFailureMessages[saved.reason] });
    const proposed = saved.value.filter((a) => a.classification).length;
    onDone(`${saved.value.length}件を登録しました。${proposed > 0 ? `分類を書いた${proposed}件は「提案中」です。セキュリティ管理者が承認してください。` : '分類は各資産の画面から行ってください。'}`);
  };

  return (
    <div className="card paste" role="region" aria-labelledby="paste-title">
      <h2 id="paste-title">Excelから貼り付けて登録</h2>
      <p className="hint">
        Excel の台帳で登録したい行（見出しの行も含めてかまいません）を選んでコピーし、下の枠に貼り付けてください。見出しがないときは、
        台帳の項目の順（{fields.slice(0, 4).map((f) => f.label).join('・')}…）に並んでいるものとして読みます。
      </p>
      <textarea aria-label="Excelからコピーした表" rows={3} placeholder="ここに貼り付け（Ctrl+V）" value={raw} onChange={(e) => setRaw(e.target.value)} onPaste={(e) => { e.preventDefault(); setRaw(''); paste(e.clipboardData.getData('text/plain')); }} />
      {raw !== '' && (
        <div className="actions actions--start">
          <button type="button" onClick={() => { paste(raw); setRaw(''); }}>入力した表を読み込む</button>
        </div>
      )}
      <Notice message={message} />
      {table && result && (
        <>
          {missingRequired.length > 0 && (
            <div className="notice" role="note">
              <p>次の必須項目の列がありません。列の見出しで選ぶか、全行に同じ値を入れてください。</p>
              <div className="inline-form">
                {missingRequired.map((f) => (
                  <label key={f.field}>
                    {f.label}
                    {f.choices ? (
                      <select aria-label={`${f.label}（全行に同じ値）`} value={fixed[f.field] ?? ''} onChange={(e) => setFixed({ ...fixed, [f.field]: e.target.value })}>
                        <option value="">（選んでください）</option>
                        {f.choices.map((c) => <option key={c} value={c}>{c}</option>)}
                      </select>
                    ) : (
                      <input aria-label={`${f.label}（全行に同じ値）`} value={fixed[f.field] ?? ''} onChange={(e) => setFixed({ ...fixed, [f.field]: e.target.value })} />
                    )}
                  </label>
                ))}
              </div>
            </div>
          )}
          <div className="paste__grid">
            <table className="audit-table" aria-label="貼り付けた行">
              <thead>
                <tr>
                  <th scope="col">行</th>
                  {table.header.map((h, i) => (
                    <th key={i} scope="col">
                      <select aria-label={`${i + 1}列目（${h}）の項目`} value={columns[i] ?? ''} onChange={(e) => setColumns(columns.map((c, j) => (j === i ? (e.target.value as LegacyField | '') : c === e.target.value ? '' : c)))}>
                        <option value="">（登録しない）</option>
                        {fields.map((f) => <option key={f.field} value={f.field}>{f.label}</option>)}
                      </select>
                      {table.hasHeader && <div className="hint">{h}</div>}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row, r) => {
                  const number = table.firstRowNumber + r;
                  const error = errorsByRow.get(number);
                  return [
                    <tr key={r} className={error ? 'paste__row--error' : undefined}>
                      <th scope="row">{number}</th>
                      {row.map((cell, c) => (
                        <td key={c}>
                          {/* A cell copied with line breaks (備考) keeps them: an <input> would drop them silently. */}
                          {cell.includes('\n') ? (
                            <textarea rows={2} aria-label={cellLabel(number, c)} value={cell} onChange={(e) => editCell(r, c, e.target.value)} />
                          ) : (
                            <input aria-label={cellLabel(number, c)} value={cell} onChange={(e) => editCell(r, c, e.target.value)} />
                          )}
                        </td>
                      ))}
                    </tr>,
                    error && (
                      <tr key={`${r}-error`} className="paste__row--error">
                        <td colSpan={row.length + 1} className="error" role="note">{number}行目: {error}</td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
          </div>
          {result.ok ? (
            <div className="actions actions--start">
              <button type="button" className="primary" disabled={busy} onClick={() => void register()}>{busy ? '登録しています…' : `${result.assets.length}件を登録する`}</button>
              <button type="button" onClick={() => setTable(null)}>やめる</button>
            </div>
          ) : (
            <p className="error" role="alert">{result.errors.length}行に誤りがあります。赤い行のセルを直してください（まだ何も登録していません）。</p>
          )}
        </>
      )}
    </div>
  );
}
