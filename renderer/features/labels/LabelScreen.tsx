/**
 * 分類ラベル: pick media (or all media without a label yet), a label profile and a start position on a
 * partly used sheet, check the true-size preview, then print through the system dialog or save a PDF.
 * Every print run is recorded so it can be reprinted.
 */
import { useMemo, useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { codeText, labelEligible, labelMark, type LabelProfile } from '../../../shared/labels/labelProfile';
import { bundledTemplates, NO_OFFSET, sheetCount, type LabelTemplate } from '../../../shared/labels/labelTemplate';
import { recordLabelPrint, savePrintOffset } from '../../data/labelRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAssets, useLabelPrints, useLabelProfiles, usePrintOffset } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { assetEffectiveLevels } from '../../../shared/domain/deriveClass';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';
import { LabelProfileForm } from './LabelProfileForm';
import { CalibrationSheet, LabelSheet, type LabelData, type LabelSheetState } from './LabelSheet';
import { Notice, type Message } from '../shell/Notice';

const LIST_LIMIT = 300;
/**
 * 管理番号 order (numbers by value). One collator for every comparison: localeCompare with options
 * builds one per call, and sorting 1,000 labels made ~10,000 of them in one task (issue 15).
 */
const byNumber = new Intl.Collator('ja', { numeric: true });

function templateOf(profile: LabelProfile): LabelTemplate {
  return profile.customTemplate ?? bundledTemplates.find((t) => t.id === profile.templateId) ?? bundledTemplates[0]!;
}

/** Said when 印刷する is pressed with nothing chosen. */
const NOTHING_CHOSEN = 'ラベルを印刷する資産を選んでください。';

/** `assetIds`: the media chosen in the ledger list (「ラベルを印刷」), selected when the screen opens. */
export function LabelScreen({ assetIds }: { assetIds?: readonly string[] } = {}) {
  const db = useDatabase();
  const policy = useProfile();
  const settings = useSectionSettings();
  const { all } = useAssets(0);
  const profiles = useLabelProfiles() ?? [];
  const printsLoaded = useLabelPrints();
  const [includeExempt, setIncludeExempt] = useState(false);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>(() => [...(assetIds ?? [])]);
  const [profileId, setProfileId] = useState('standard-24');
  const [skip, setSkip] = useState(0);
  const [outlines, setOutlines] = useState(false);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  /** A print dialog was shown; waiting for the person to say whether the labels came out. */
  const offset = usePrintOffset() ?? NO_OFFSET;
  /** Showing (and printing) the calibration sheet instead of the labels. */
  const [calibrating, setCalibrating] = useState(false);
  const [offsetInput, setOffsetInput] = useState<{ x: string; y: string } | null>(null);
  const [pending, setPending] = useState<{ kind: 'print' | 'pdf'; assets: Asset[] } | null>(null);
  /** Whether the preview has drawn every sheet (a large one grows a few sheets at a time), and its warnings. */
  const [sheetState, setSheetState] = useState<LabelSheetState>({ ready: true, warnings: [] });

  const profile = profiles.find((p) => p.id === profileId) ?? profiles[0];
  const template = profile ? templateOf(profile) : bundledTemplates[0]!;
  const perSheet = template.columns * template.rows;
  const prints = useMemo(() => printsLoaded ?? [], [printsLoaded]);
  const printed = useMemo(() => new Set(prints.flatMap((p) => p.assetIds)), [prints]);
  const eligible = useMemo(() => (all ?? []).filter((a) => labelEligible(a, includeExempt, policy)), [all, includeExempt, policy]);
  const shown = eligible.filter((a) => !search || `${a.managementNumber} ${a.name}`.toLowerCase().includes(search.toLowerCase())).slice(0, LIST_LIMIT);
  const byId = useMemo(() => new Map((all ?? []).map((a) => [a.id, a])), [all]);
  // Printed in 管理番号 order, so a sheet is easy to match to the media.
  const chosen = useMemo(
    () =>
      selected
        .map((id) => byId.get(id))
        .filter((a): a is Asset => a !== undefined)
        .sort((a, b) => byNumber.compare(a.managementNumber, b.managementNumber)),
    [selected, byId],
  );
  const today = formatDate(tokyoDay(new Date()), settings.dateStyle);

  // Kept while the selection and settings are unchanged, so the preview's sheets and plans are reused.
  const labels: LabelData[] = useMemo(
    () =>
      chosen.map((asset) => ({
        assetId: asset.id,
        managementNumber: asset.managementNumber,
        name: asset.name,
        mark: labelMark(policy, assetEffectiveLevels(policy, asset)),
        codeText: profile ? codeText(profile, asset.managementNumber, settings.section) : asset.managementNumber,
        section: settings.section,
        date: today,
      })),
    [chosen, policy, profile, settings.section, today],
  );
  const unclassified = labels.filter((l) => l.mark === null);
  const previewing = profile !== undefined && labels.length > 0 && !calibrating;
  const previewReady = !previewing || sheetState.ready;
  const warnings = previewing ? sheetState.warnings : [];

  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  const record = async (kind: 'print' | 'pdf', assets: readonly Asset[]) => {
    if (!profile) return;
    const recorded = await recordLabelPrint(db, {
      at: new Date().toISOString(),
      labelProfileId: profile.id,
      labelProfileName: profile.name,
      templateId: template.id,
      assetIds: assets.map((a) => a.id),
      skip,
      output: kind,
    });
    setMessage(recorded.ok ? { kind: 'ok', text: `印刷の記録に残しました（ラベル${assets.length}件）。` } : { kind: 'error', text: writeFailureMessages[recorded.reason] });
  };

  /**
   * A label counts as printed only once it is: the desktop PDF is recorded when the file is saved; a
   * print dialog (or the browser's "PDF に保存") cannot tell us, so the person confirms afterwards.
   */
  const output = async (kind: 'print' | 'pdf') => {
    if (!profile || chosen.length === 0) return setMessage({ kind: 'error', text: NOTHING_CHOSEN });
    if (!previewReady) return setMessage({ kind: 'error', text: 'プレビューを作成しています。すべての用紙が表示されてから、もう一度押してください。' });
    setMessage(null);
    setPending(null);
    if (kind === 'pdf' && platform.kind === 'desktop') {
      const saved = await platform.savePdf(`ラベル_${tokyoDay(new Date())}.pdf`);
      if (saved) await record('pdf', chosen);
      else setMessage({ kind: 'error', text: 'PDFの保存を取り消しました。印刷の記録には残していません。' });
      return;
    }
    window.print();
    setPending({ kind, assets: chosen });
  };

  const saveOffset = async () => {
    if (!offsetInput) return;
    const result = await savePrintOffset(db, { xMm: Number(offsetInput.x), yMm: Number(offsetInput.y) }, { now: new Date().toISOString() });
    if (!result.ok) return setMessage({ kind: 'error', text: 'message' in result ? result.message : writeFailureMessages[result.reason] });
    setOffsetInput(null);
    setMessage({ kind: 'ok', text: `印刷位置の補正を保存しました（横 ${result.value.xMm}mm・縦 ${result.value.yMm}mm）。次の印刷から使います。` });
  };

  const sheets = sheetCount(template, chosen.length, skip);

  return (
    <section className="labels" aria-labelledby="labels-title">
      <div className="no-print">
        <h1 id="labels-title">分類ラベルの印刷</h1>
        <p className="muted">
          持ち運べる記録媒体と紙文書には、第三者には分類が分からない記号でラベルを付けます（【03】第5条2）。端末・サーバ・ネットワーク機器は対象外です。
        </p>
        <div className="labels__layout">
          <div className="card" role="region" aria-labelledby="label-assets-title">
            <h2 id="label-assets-title">対象の資産（{selected.length}件を選択）</h2>
            <div className="inline-form">
              <input type="search" aria-label="対象の資産を検索" placeholder="管理番号・名称で検索" value={search} onChange={(e) => setSearch(e.target.value)} />
              <label className="inline">
                <input type="checkbox" checked={includeExempt} onChange={(e) => setIncludeExempt(e.target.checked)} /> 機器・情報システムも含める
              </label>
            </div>
            <div className="actions actions--start">
              <button type="button" onClick={() => setSelected(eligible.filter((a) => !printed.has(a.id) && labelEligible(a, false, policy)).map((a) => a.id))}>
                ラベル未印刷の媒体・紙文書をすべて選択
              </button>
              <button type="button" onClick={() => setSelected([])}>選択を解除</button>
            </div>
            <ul className="label-assets">
              {shown.map((asset) => (
                <li key={asset.id}>
                  <label>
                    <input type="checkbox" checked={selected.includes(asset.id)} onChange={() => toggle(asset.id)} />
                    <span className="mono">{asset.managementNumber}</span> {asset.name}
                    {printed.has(asset.id) && <span className="badge">印刷済み</span>}
                  </label>
                </li>
              ))}
            </ul>
            {eligible.length > shown.length && !search && <p className="hint">先頭の{LIST_LIMIT}件を表示しています。検索で絞り込んでください。</p>}
            {eligible.length === 0 && <p className="muted">ラベルの対象になる資産（使用中の記録媒体・紙文書）がありません。</p>}
          </div>

          <div className="card" role="region" aria-labelledby="label-settings-title">
            <h2 id="label-settings-title">ラベルの設定</h2>
            <div className="field">
              <label htmlFor="label-profile">ラベル設定</label>
              <select id="label-profile" value={profile?.id ?? ''} onChange={(e) => { setProfileId(e.target.value); setSkip(0); }}>
                {profiles.map((p) => (
                  <option key={p.id} value={p.id}>{p.name}</option>
                ))}
              </select>
              <p className="hint">{template.name}・{template.columns}列×{template.rows}行</p>
            </div>
            <div className="field">
              <label htmlFor="label-skip">使用済みの枠を飛ばす（枚目の途中から印刷）</label>
              <input id="label-skip" type="number" min={0} max={perSheet - 1} value={skip} onChange={(e) => setSkip(Math.max(0, Math.min(perSheet - 1, Math.floor(Number(e.target.value) || 0))))} />
            </div>
            <label className="inline">
              <input type="checkbox" checked={outlines} onChange={(e) => setOutlines(e.target.checked)} /> 枠線も印刷する（位置合わせの確認用）
            </label>
            <div className="actions actions--start">
              <button type="button" onClick={() => setEditing(!editing)}>{editing ? 'ラベル設定の作成を閉じる' : '新しいラベル設定を作る'}</button>
            </div>
            {editing && <LabelProfileForm onSaved={(id) => { setProfileId(id); setEditing(false); }} />}
            <h3>プリンターの印刷位置の補正（この端末）</h3>
            <p className="hint">
              手差しのプリンターはラベルが1mmほどずれることがあります。「位置合わせ用に印刷」で枠だけを普通紙に印刷し、ラベル用紙と重ねて光に透かし、
              ずれた向きと長さを測って入力してください（右・下へずらすとき＋、左・上へ−、-5〜5mm）。現在: 横 {offset.xMm}mm・縦 {offset.yMm}mm
            </p>
            <div className="inline-form">
              <label htmlFor="offset-x">横（mm）</label>
              <input id="offset-x" type="number" step="0.1" min={-5} max={5} value={offsetInput?.x ?? String(offset.xMm)} onChange={(e) => setOffsetInput({ x: e.target.value, y: offsetInput?.y ?? String(offset.yMm) })} />
              <label htmlFor="offset-y">縦（mm）</label>
              <input id="offset-y" type="number" step="0.1" min={-5} max={5} value={offsetInput?.y ?? String(offset.yMm)} onChange={(e) => setOffsetInput({ x: offsetInput?.x ?? String(offset.xMm), y: e.target.value })} />
              <button type="button" disabled={!offsetInput} onClick={() => void saveOffset()}>補正を保存</button>
            </div>
            <div className="actions actions--start">
              <button type="button" aria-pressed={calibrating} onClick={() => setCalibrating(!calibrating)}>
                {calibrating ? '位置合わせ用の表示をやめる' : '位置合わせ用の枠を表示'}
              </button>
              {calibrating && <button type="button" onClick={() => window.print()}>位置合わせ用に印刷</button>}
            </div>
          </div>
        </div>

        {unclassified.length > 0 && (
          <p className="notice" role="note">
            分類されていない資産が{unclassified.length}件あります（{unclassified.map((l) => l.managementNumber).join('、')}）。分類の記号なしで印刷されます。先に分類することをおすすめします。
          </p>
        )}
        {warnings.map((w) => (
          <p key={w} className="notice" role="note">{w}</p>
        ))}
        {/* 「選んでください」 answers an empty selection; once assets are chosen it no longer holds. */}
        <Notice message={message?.text === NOTHING_CHOSEN && chosen.length > 0 ? null : message} />
        {pending && (
          <div className="notice" role="alertdialog" aria-labelledby="label-confirm-title">
            <p id="label-confirm-title">
              ラベル{pending.assets.length}件を{pending.kind === 'pdf' ? 'PDFに保存' : '印刷'}できましたか？ できた場合だけ印刷の記録に残し、一覧に「印刷済み」と表示します。
            </p>
            <div className="actions actions--start">
              <button type="button" className="primary" onClick={() => { const { kind, assets } = pending; setPending(null); void record(kind, assets); }}>
                できた（記録に残す）
              </button>
              <button type="button" onClick={() => { setPending(null); setMessage({ kind: 'error', text: '印刷の記録には残していません。用紙や倍率（100%）を確かめて、もう一度印刷してください。' }); }}>
                できなかった
              </button>
            </div>
          </div>
        )}
        <div className="actions actions--start">
          <button type="button" className="primary" disabled={calibrating} onClick={() => void output('print')}>印刷する</button>
          <button type="button" disabled={calibrating} onClick={() => void output('pdf')}>PDFで保存</button>
          {platform.kind === 'web' && <span className="hint">ブラウザーでは印刷画面の「PDFに保存」を選んでください。倍率は100%（実際のサイズ）で印刷してください。</span>}
        </div>
        <h2>プレビュー（実寸）{!calibrating && chosen.length > 0 && `— ラベル${chosen.length}件・用紙${sheets}枚`}</h2>
      </div>
      <div className="label-preview" role="region" aria-label="ラベルのプレビュー">
        {calibrating ? (
          <CalibrationSheet template={template} offset={offset} />
        ) : profile && labels.length > 0 ? (
          <LabelSheet template={template} profile={profile} labels={labels} skip={skip} outlines={outlines} offset={offset} onReady={setSheetState} />
        ) : (
          <p className="muted no-print">資産を選ぶと、ここに実寸で表示されます。</p>
        )}
      </div>

      <div className="card no-print" role="region" aria-labelledby="label-history-title">
        <h2 id="label-history-title">印刷の記録</h2>
        {prints.length === 0 ? (
          <p className="muted">まだ印刷していません。</p>
        ) : (
          <ul className="label-history">
            {prints.slice(0, 20).map((print) => (
              <li key={print.id}>
                {formatDate(print.at, settings.dateStyle)} {print.actor} — {print.labelProfileName}・ラベル{print.assetIds.length}件{print.output === 'pdf' ? '（PDF）' : ''}
                <button type="button" className="link" onClick={() => { setSelected(print.assetIds.filter((id) => byId.has(id))); setProfileId(print.labelProfileId); setSkip(0); }}>
                  もう一度印刷する
                </button>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
