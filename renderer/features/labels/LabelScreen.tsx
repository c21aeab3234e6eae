/**
 * 分類ラベル: pick media (or all media without a label yet), a label profile and a start position on a
 * partly used sheet, check the true-size preview, then print through the system dialog or save a PDF.
 * Every print run is recorded so it can be reprinted.
 */
import { useMemo, useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { formatDate, tokyoDay } from '../../../shared/domain/formatDate';
import { codeText, labelEligible, labelMark, type LabelProfile } from '../../../shared/labels/labelProfile';
import { bundledTemplates, type LabelTemplate } from '../../../shared/labels/labelTemplate';
import { recordLabelPrint } from '../../data/labelRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAssets, useLabelPrints, useLabelProfiles } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { platform } from '../../platform/bridge';
import { assetEffectiveLevels } from '../../../shared/domain/deriveClass';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';
import { LabelProfileForm } from './LabelProfileForm';
import { LabelSheet, planLabel, type LabelData } from './LabelSheet';
import { Notice, type Message } from '../shell/Notice';

const LIST_LIMIT = 300;

function templateOf(profile: LabelProfile): LabelTemplate {
  return profile.customTemplate ?? bundledTemplates.find((t) => t.id === profile.templateId) ?? bundledTemplates[0]!;
}

export function LabelScreen() {
  const db = useDatabase();
  const policy = useProfile();
  const settings = useSectionSettings();
  const { all } = useAssets(0);
  const profiles = useLabelProfiles() ?? [];
  const printsLoaded = useLabelPrints();
  const [includeExempt, setIncludeExempt] = useState(false);
  const [search, setSearch] = useState('');
  const [selected, setSelected] = useState<string[]>([]);
  const [profileId, setProfileId] = useState('standard-24');
  const [skip, setSkip] = useState(0);
  const [outlines, setOutlines] = useState(false);
  const [editing, setEditing] = useState(false);
  const [message, setMessage] = useState<Message>(null);

  const profile = profiles.find((p) => p.id === profileId) ?? profiles[0];
  const template = profile ? templateOf(profile) : bundledTemplates[0]!;
  const perSheet = template.columns * template.rows;
  const prints = useMemo(() => printsLoaded ?? [], [printsLoaded]);
  const printed = useMemo(() => new Set(prints.flatMap((p) => p.assetIds)), [prints]);
  const eligible = useMemo(() => (all ?? []).filter((a) => labelEligible(a, includeExempt, policy)), [all, includeExempt, policy]);
  const shown = eligible.filter((a) => !search || `${a.managementNumber} ${a.name}`.toLowerCase().includes(search.toLowerCase())).slice(0, LIST_LIMIT);
  const byId = useMemo(() => new Map((all ?? []).map((a) => [a.id, a])), [all]);
  // Printed in 管理番号 order, so a sheet is easy to match to the media.
  const chosen = selected
    .map((id) => byId.get(id))
    .filter((a): a is Asset => a !== undefined)
    .sort((a, b) => a.managementNumber.localeCompare(b.managementNumber, 'ja', { numeric: true }));
  const today = formatDate(tokyoDay(new Date()), settings.dateStyle);

  const labels: LabelData[] = chosen.map((asset) => ({
    assetId: asset.id,
    managementNumber: asset.managementNumber,
    name: asset.name,
    mark: labelMark(policy, assetEffectiveLevels(policy, asset)),
    codeText: profile ? codeText(profile, asset.managementNumber, settings.section) : asset.managementNumber,
    section: settings.section,
    date: today,
  }));
  const unclassified = labels.filter((l) => l.mark === null);
  const warnings = profile
    ? [...new Set(labels.flatMap((l) => planLabel(l, profile, template.labelWidthMm, template.labelHeightMm).layout.warnings))]
    : [];

  const toggle = (id: string) => setSelected((current) => (current.includes(id) ? current.filter((x) => x !== id) : [...current, id]));

  const output = async (kind: 'print' | 'pdf') => {
    if (!profile || chosen.length === 0) return setMessage({ kind: 'error', text: 'ラベルを印刷する資産を選んでください。' });
    setMessage(null);
    const recorded = await recordLabelPrint(db, {
      at: new Date().toISOString(),
      labelProfileId: profile.id,
      labelProfileName: profile.name,
      templateId: template.id,
      assetIds: chosen.map((a) => a.id),
      skip,
      output: kind,
    });
    if (!recorded.ok) return setMessage({ kind: 'error', text: writeFailureMessages[recorded.reason] });
    if (kind === 'pdf' && platform.kind === 'desktop') {
      const saved = await platform.savePdf(`ラベル_${tokyoDay(new Date())}.pdf`);
      setMessage(saved ? { kind: 'ok', text: 'PDFを保存しました。' } : { kind: 'error', text: 'PDFの保存を取り消しました。' });
      return;
    }
    window.print();
  };

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
              <button type="button" onClick={() => setSelected(eligible.filter((a) => !printed.has(a.id) && a.kind === 'recordingMedium').map((a) => a.id))}>
                ラベル未印刷の媒体をすべて選択
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
        <Notice message={message} />
        <div className="actions actions--start">
          <button type="button" className="primary" onClick={() => void output('print')}>印刷する</button>
          <button type="button" onClick={() => void output('pdf')}>PDFで保存</button>
          {platform.kind === 'web' && <span className="hint">ブラウザーでは印刷画面の「PDFに保存」を選んでください。倍率は100%（実際のサイズ）で印刷してください。</span>}
        </div>
        <h2>プレビュー（実寸）</h2>
      </div>
      <div className="label-preview" role="region" aria-label="ラベルのプレビュー">
        {profile && labels.length > 0 ? (
          <LabelSheet template={template} profile={profile} labels={labels} skip={skip} outlines={outlines} />
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
                {formatDate(print.at, settings.dateStyle)} {print.actor} — {print.labelProfileName}・{print.assetIds.length}枚{print.output === 'pdf' ? '（PDF）' : ''}
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
