/**
 * 既存台帳の取込み: choose the file and sheet, confirm the guessed column for every field (or give one
 * value for all rows), preview, and import all rows or none. Mappings can be saved as presets.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { guessMapping, legacyFields, legacyRefusalMessage, preferredSheet, type LegacyField, type LegacyMapping, type LegacySheet } from '../../../shared/ledgerFile/legacyImport';
import { MAX_LEDGER_BYTES } from '../../../shared/ledgerFile/ledgerWorkbook';
import { useDatabase } from '../../data/DatabaseContext';
import { getMappingPresets, importLegacyAssets, listTakenNumbers, saveMappingPreset, type MappingPresets } from '../../data/exchangeRepository';
import { takenNumbersMessage, writeFailureMessages } from '../../data/writeResult';
import { useChangeContext, useProfile } from '../shell/SettingsContext';
import { paint } from './ExchangeScreen';
import { recordWorkerFailure } from '../../data/workerRefusalRepository';
import { workerFailureMessages } from '../../workers/protocol';
import { useWorkerJob } from '../../workers/useWorkerJob';
import type { MapLegacyOutput } from '../../workers/workerJobs';
import { JobProgress } from '../../components/JobProgress';
import { legacyClassNotice } from './legacyNotice';

const FIXED = '__fixed__';
/** Pause after a change of the mapping before its rows are checked again. */
const CHECK_PAUSE_MS = 200;


export function LegacyImportScreen({ onDone }: { onDone: () => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const context = useChangeContext();
  const fields = useMemo(() => legacyFields(profile), [profile]);
  const [fileName, setFileName] = useState('');
  const [sheets, setSheets] = useState<LegacySheet[]>([]);
  const [sheetIndex, setSheetIndex] = useState(0);
  const [mapping, setMapping] = useState<LegacyMapping>({});
  const [presets, setPresets] = useState<MappingPresets>({});
  const [presetName, setPresetName] = useState('');
  /** The row check of a sheet and mapping (made in a worker); shown only while both are current. */
  const [checked, setChecked] = useState<{ sheet: LegacySheet; mapping: LegacyMapping; value: MapLegacyOutput } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sheet = sheets[sheetIndex];
  const worker = useWorkerJob();
  const checker = useWorkerJob();
  const runCheck = checker.run;
  // Read when a check fails, not a reason to check again (it is a new function at every render).
  const contextNow = useRef(context);
  contextNow.current = context;

  useEffect(() => {
    void getMappingPresets(db).then(setPresets);
  }, [db]);

  // Every row is checked again in a worker when the sheet or the mapping changes (a newer change ends
  // the older check), against the management numbers in use, which the worker reads itself. A short
  // pause first, so typing a value for all rows starts one check, not one per key.
  useEffect(() => {
    if (!sheet) return;
    let current = true;
    const { header, rows, firstRowNumber } = sheet;
    const timer = setTimeout(() => {
      void runCheck('mapLegacy', { sheet: { header, rows, firstRowNumber }, mapping, profile, database: db.name }, { database: db }).then(async (job) => {
        if (!current) return;
        if (job.ok) return setChecked({ sheet, mapping, value: job.value });
        if (job.reason === 'cancelled') return setError('行の確認を中止しました。台帳は変更されていません。列の対応を変えると、もう一度確かめます。');
        await recordWorkerFailure(db, 'ledger.legacyImport', job.reason, job.detail, contextNow.current());
        setError(`行を確かめられませんでした。${workerFailureMessages[job.reason]}`);
      });
    }, CHECK_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [sheet, mapping, profile, db, runCheck]);

  const open = async (file: File | undefined) => {
    setError(null);
    setDone(null);
    setSheets([]);
    if (!file) return;
    if (file.size > MAX_LEDGER_BYTES) return setError(legacyRefusalMessage('too-large'));
    // SheetJS reads the whole workbook in a worker: an old ledger of thousands of rows takes seconds.
    const bytes = new Uint8Array(await file.arrayBuffer());
    setBusy(true);
    const job = await worker.run('readLegacy', { bytes }, { transfer: [bytes.buffer] });
    setBusy(false);
    if (!job.ok) {
      if (job.reason === 'cancelled') return setError('読込みを中止しました。台帳は変更されていません。');
      await recordWorkerFailure(db, 'ledger.legacyImport', job.reason, job.detail, context());
      return setError(`ブックを読み込めませんでした。${workerFailureMessages[job.reason]}`);
    }
    const read = job.value;
    if (!read.ok) return setError(legacyRefusalMessage(read.reason));
    if (read.sheets.length === 0) return setError('このブックには表がありません。台帳のシートがあるファイルを選んでください。');
    setFileName(file.name);
    setSheets(read.sheets);
    const preferred = preferredSheet(read.sheets, profile);
    setSheetIndex(preferred);
    setMapping(guessMapping(read.sheets[preferred]!.header, profile));
  };

  const result = checked && checked.sheet === sheet && checked.mapping === mapping ? checked.value : null;

  const setSource = (field: LegacyField, column: string) =>
    setMapping((current) => ({ ...current, [field]: column === '' ? undefined : { column: column === FIXED ? null : column, fixed: current[field]?.fixed ?? '' } }));
  const setFixed = (field: LegacyField, fixed: string) => setMapping((current) => ({ ...current, [field]: { column: current[field]?.column ?? null, fixed } }));

  const run = async () => {
    if (!result?.ok) return;
    setBusy(true);
    await paint();
    const saved = await importLegacyAssets(db, result.assets, profile, fileName, () => crypto.randomUUID(), context());
    setBusy(false);
    if (!saved.ok) return setError(saved.reason === 'duplicate-number' ? takenNumbersMessage(await listTakenNumbers(db, result.assets.map((a) => a.input.managementNumber))) : writeFailureMessages[saved.reason]);
    setDone(`${saved.value}件を取り込みました。${legacyClassNotice(result.assets, true)}`);
    setSheets([]);
  };

  const savePreset = async () => {
    if (presetName.trim() === '') return setError('保存する名前を入力してください。');
    const saved = await saveMappingPreset(db, presetName.trim(), mapping, context());
    if (!saved.ok) return setError(writeFailureMessages[saved.reason]);
    setPresets(saved.value);
    setDone(`列の対応「${presetName.trim()}」を保存しました。`);
  };

  return (
    <section className="legacy" aria-labelledby="legacy-title">
      <h1 id="legacy-title">既存台帳の取込み</h1>
      <p className="muted">署名のない Excel の台帳を取り込みます。列の対応を確かめ、すべての行に誤りがないときだけ取り込みます（一部だけ取り込むことはありません）。</p>
      <div className="card">
        <div className="field">
          <label htmlFor="legacy-file">台帳ファイル（.xlsx）</label>
          <input id="legacy-file" type="file" accept=".xlsx" onChange={(e) => void open(e.target.files?.[0]).catch((error: unknown) => setError(`ブックを読み込めませんでした（${error instanceof Error ? error.message : String(error)}）。台帳は変更されていません。もう一度お試しいただき、続く場合は情報セキュリティ事務局に連絡してください。`))} />
        </div>
        <JobProgress label="ブックの読込み" progress={worker.progress} onCancel={worker.cancel} />
        {sheets.length > 1 && (
          <div className="field">
            <label htmlFor="legacy-sheet">シート</label>
            <select id="legacy-sheet" value={sheetIndex} onChange={(e) => { const i = Number(e.target.value); setSheetIndex(i); setMapping(guessMapping(sheets[i]!.header, profile)); }}>
              {sheets.map((s, i) => <option key={s.name} value={i}>{s.name}</option>)}
            </select>
          </div>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        {done && <p className="success" role="status">{done}</p>}
      </div>
      {sheet && (
        <>
          <div className="card" role="region" aria-labelledby="mapping-title">
            <h2 id="mapping-title">列の対応</h2>
            {Object.keys(presets).length > 0 && (
              <div className="inline-form">
                <label htmlFor="legacy-preset">保存した対応を使う</label>
                <select id="legacy-preset" value="" onChange={(e) => presets[e.target.value] && setMapping(presets[e.target.value]!)}>
                  <option value="">選んでください</option>
                  {Object.keys(presets).map((name) => <option key={name} value={name}>{name}</option>)}
                </select>
              </div>
            )}
            <table className="audit-table mapping-table">
              <thead><tr><th scope="col">台帳の項目</th><th scope="col">ファイルの列</th><th scope="col">列が空のとき・全行に同じ値</th></tr></thead>
              <tbody>
                {fields.map(({ field, label, required, choices }) => {
                  const source = mapping[field];
                  return (
                    <tr key={field}>
                      <th scope="row">{label}{required && <span className="required">（必須）</span>}</th>
                      <td>
                        <select aria-label={`${label}の列`} value={source ? (source.column ?? FIXED) : ''} onChange={(e) => setSource(field, e.target.value)}>
                          <option value="">（取り込まない）</option>
                          <option value={FIXED}>（全行に同じ値）</option>
                          {sheet.header.map((h) => <option key={h} value={h}>{h}</option>)}
                        </select>
                      </td>
                      <td>
                        {choices ? (
                          <select aria-label={`${label}の値`} value={source?.fixed ?? ''} disabled={!source} onChange={(e) => setFixed(field, e.target.value)}>
                            <option value="">（選んでください）</option>
                            {choices.map((c) => <option key={c} value={c}>{c}</option>)}
                          </select>
                        ) : (
                          <input aria-label={`${label}の値`} value={source?.fixed ?? ''} disabled={!source} onChange={(e) => setFixed(field, e.target.value)} />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <div className="inline-form">
              <label htmlFor="legacy-preset-name">この対応を保存</label>
              <input id="legacy-preset-name" value={presetName} onChange={(e) => setPresetName(e.target.value)} placeholder="例: 旧台帳（令和5年様式）" />
              <button type="button" onClick={() => void savePreset()}>保存</button>
            </div>
          </div>
          <div className="card" role="region" aria-labelledby="preview-title">
            <h2 id="preview-title">確認</h2>
            <JobProgress label="行の確認" progress={checker.progress} onCancel={checker.cancel} />
            {result === null ? null : result.ok ? (
              <>
                <p role="status">{result.assets.length.toLocaleString('ja-JP')}件を取り込めます。{legacyClassNotice(result.assets, false)}</p>
                <table className="audit-table" aria-label="取り込む資産（先頭20件）">
                  <thead><tr><th scope="col">管理番号</th><th scope="col">名称</th><th scope="col">所在</th><th scope="col">管理者</th></tr></thead>
                  <tbody>{result.assets.slice(0, 20).map((a) => <tr key={a.input.managementNumber}><td>{a.input.managementNumber}</td><td>{a.input.name}</td><td>{a.input.location}</td><td>{a.input.custodian}</td></tr>)}</tbody>
                </table>
                <div className="actions actions--start">
                  <button type="button" className="primary" disabled={busy} onClick={() => void run()}>{busy ? '取り込んでいます…' : `${result.assets.length}件を取り込む`}</button>
                  <button type="button" onClick={onDone}>やめる</button>
                </div>
              </>
            ) : (
              <div role="alert" className="error">
                <p>{result.errors.length}件の行に誤りがあります。列の対応を直すか、ファイルを直してから取り込んでください。まだ何も取り込んでいません。</p>
                <ul>
                  {result.errors.slice(0, 50).map((e) => <li key={e.row}>{e.row}行目: {e.message}</li>)}
                  {result.errors.length > 50 && <li>ほか {result.errors.length - 50}件</li>}
                </ul>
              </div>
            )}
          </div>
        </>
      )}
    </section>
  );
}
