/** Creates a label profile: a bundled sheet or a custom one (rows, columns, margins, pitch, size). */
import { useState } from 'react';
import { bundledTemplates, type LabelTemplate } from '../../../shared/labels/labelTemplate';
import type { LabelProfile } from '../../../shared/labels/labelProfile';
import { saveLabelProfile } from '../../data/labelRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';

const customStart: LabelTemplate = { ...bundledTemplates.find((t) => t.id === 'a4-24')!, id: 'custom', name: 'カスタム' };
const geometryFields: [keyof LabelTemplate, string][] = [
  ['columns', '列数'],
  ['rows', '行数'],
  ['marginLeftMm', '左余白（mm）'],
  ['marginTopMm', '上余白（mm）'],
  ['pitchXMm', '横の送り（mm）'],
  ['pitchYMm', '縦の送り（mm）'],
  ['labelWidthMm', 'ラベルの幅（mm）'],
  ['labelHeightMm', 'ラベルの高さ（mm）'],
];

export function LabelProfileForm({ onSaved }: { onSaved: (id: string) => void }) {
  const db = useDatabase();
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState('a4-24');
  const [custom, setCustom] = useState<LabelTemplate>(customStart);
  const [code, setCode] = useState<LabelProfile['code']>('qr');
  const [codeContent, setCodeContent] = useState<LabelProfile['codeContent']>('managementNumber');
  const [show, setShow] = useState({ showName: true, showSection: true, showDate: true });
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    setError(null);
    const profile = {
      id: `p${Date.now().toString(36)}`,
      name,
      templateId,
      ...(templateId === 'custom' ? { customTemplate: { ...custom, name: name || 'カスタム' } } : {}),
      code,
      codeContent,
      ...show,
    };
    const result = await saveLabelProfile(db, profile, { now: new Date().toISOString() });
    if (result.ok) return onSaved(result.value.id);
    if (result.reason !== 'invalid') return setError(writeFailureMessages[result.reason]);
    // The field by the name on its input (the path, e.g. customTemplate.columns, is not for people).
    const field = geometryFields.find(([key]) => result.field === `customTemplate.${key}`)?.[1];
    setError(field ? `${result.message}（項目: ${field}）` : result.message);
  };

  return (
    <div className="label-profile-form">
      <div className="field">
        <label htmlFor="lp-name">ラベル設定の名前</label>
        <input id="lp-name" value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="lp-template">用紙</label>
        <select id="lp-template" value={templateId} onChange={(e) => setTemplateId(e.target.value)}>
          {bundledTemplates.map((t) => (
            <option key={t.id} value={t.id}>{t.name}</option>
          ))}
          <option value="custom">カスタム（寸法を入力）</option>
        </select>
      </div>
      {templateId === 'custom' && (
        <div className="form-grid form-grid--compact">
          {geometryFields.map(([field, label]) => (
            <div className="field" key={field}>
              <label htmlFor={`lp-${field}`}>{label}</label>
              <input
                id={`lp-${field}`}
                type="number"
                step="0.1"
                value={custom[field] as number}
                onChange={(e) => setCustom({ ...custom, [field]: e.target.value === '' ? Number.NaN : Number(e.target.value) })}
              />
            </div>
          ))}
        </div>
      )}
      <div className="field">
        <label htmlFor="lp-code">コード</label>
        <select id="lp-code" value={code} onChange={(e) => setCode(e.target.value as LabelProfile['code'])}>
          <option value="qr">QRコード</option>
          <option value="code128">バーコード（Code128）</option>
          <option value="none">なし</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="lp-content">コードの内容（分類は含めません）</label>
        <select id="lp-content" value={codeContent} onChange={(e) => setCodeContent(e.target.value as LabelProfile['codeContent'])}>
          <option value="managementNumber">管理番号</option>
          <option value="sectionAndNumber">課の名称と管理番号</option>
        </select>
      </div>
      <label className="inline"><input type="checkbox" checked={show.showName} onChange={(e) => setShow({ ...show, showName: e.target.checked })} /> 名称</label>
      <label className="inline"><input type="checkbox" checked={show.showSection} onChange={(e) => setShow({ ...show, showSection: e.target.checked })} /> 課</label>
      <label className="inline"><input type="checkbox" checked={show.showDate} onChange={(e) => setShow({ ...show, showDate: e.target.checked })} /> 日付</label>
      {error && <p className="error" role="alert">{error}</p>}
      <div className="actions actions--start">
        <button type="button" className="primary" onClick={() => void save()}>ラベル設定を保存</button>
      </div>
    </div>
  );
}
