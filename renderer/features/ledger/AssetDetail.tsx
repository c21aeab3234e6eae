/** One asset: every field, its change history, and the edit and retire actions. */
import { useRef, useState } from 'react';
import { assetFieldLabels, displayValue, type AssetInput } from '../../../shared/domain/asset';
import { sanitizeText } from '../../../shared/domain/sanitizeText';
import { formatDate } from '../../../shared/domain/formatDate';
import type { FieldChange } from '../../../shared/domain/assetLifecycle';
import { retireAsset } from '../../data/assetRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAsset, useHistory } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { canHoldContents } from '../../../shared/domain/policyProfile';
import { ClassificationPanel } from '../classification/ClassificationPanel';
import { ContentsPanel } from '../classification/ContentsPanel';
import { MediumPermissionPanel } from '../registers/MediumPermissionPanel';
import { RiskPanel } from '../risk/RiskPanel';
import { AssetExceptions } from '../exceptions/AssetExceptions';

const historyActionLabels = { create: '登録', update: '変更', retire: '廃止', classify: '分類', approve: '分類の承認', contents: '収納の変更', dispose: '廃棄', review: '見直し', reject: '分類の差戻し' } as const;
const dateFields = new Set<string>(['nextReviewDate']);

export function AssetDetail({ id, onBack, onEdit, onClassify, onRegisters }: { id: string; onBack: () => void; onEdit: () => void; onClassify: () => void; onRegisters: (managementNumber: string) => void }) {
  const writer = useCan()('asset.update');
  const asset = useAsset(id);
  const history = useHistory(id);
  const settings = useSectionSettings();
  const profile = useProfile();
  const style = settings.dateStyle;
  const dialogRef = useRef<HTMLDialogElement>(null);

  if (asset === undefined) return <p className="loading" role="status">読み込み中…</p>;
  if (asset === null) {
    return (
      <div role="alert">
        <p>この資産は台帳に見つかりません。</p>
        <button type="button" onClick={onBack}>一覧に戻る</button>
      </div>
    );
  }
  const show = (field: keyof AssetInput | 'status', value: string) => (dateFields.has(field) ? formatDate(value, style) : value);
  /** A history value as the person reads it: labels for value lists, dates in the chosen style. */
  const historyValue = (field: FieldChange['field'], value: string) =>
    field === 'classification' || field === 'contents' || field === 'mediumPermission' || field === 'riskAssessment'
      ? value
      : show(field, displayValue({ [field]: value } as unknown as Parameters<typeof displayValue>[0], field));

  return (
    <article className="detail" aria-labelledby="detail-title">
      <div className="detail__head">
        <button type="button" className="link" onClick={onBack}>
          ← 台帳一覧に戻る
        </button>
        <h1 id="detail-title">
          <span className="mono">{asset.managementNumber}</span> {asset.name}
        </h1>
        <span className={`status status--${asset.status}`}>{displayValue(asset, 'status')}</span>
        {writer && (
          <div className="actions">
            {asset.status !== 'disposed' && (
              <button type="button" onClick={() => onRegisters(asset.managementNumber)}>
                持出し・廃棄を申請
              </button>
            )}
            {asset.status !== 'disposed' && (
              <button type="button" onClick={onEdit}>
                編集
              </button>
            )}
            {asset.status === 'active' && (
              <button type="button" className="danger" onClick={() => dialogRef.current?.showModal()}>
                廃止にする
              </button>
            )}
          </div>
        )}
      </div>

      <ClassificationPanel asset={asset} onClassify={onClassify} />

      <section className="card" aria-labelledby="fields-title">
        <h2 id="fields-title">登録内容</h2>
        <dl className="fields">
          {(Object.keys(assetFieldLabels) as (keyof AssetInput | 'status')[]).map((field) => (
            <div key={field} className="fields__row">
              <dt>{assetFieldLabels[field]}</dt>
              <dd className={field === 'note' ? 'pre' : undefined}>{show(field, displayValue(asset, field)) || '—'}</dd>
            </div>
          ))}
          <div className="fields__row">
            <dt>登録日</dt>
            <dd>{formatDate(asset.createdAt, style)}（{asset.createdBy}）</dd>
          </div>
          <div className="fields__row">
            <dt>更新日</dt>
            <dd>{formatDate(asset.updatedAt, style)}（{asset.updatedBy}）</dd>
          </div>
        </dl>
      </section>

      {/* 【03】第8条3: only kinds that can hold assets (profile data) list contents; old entries stay visible to be removed. */}
      {asset.kind === 'recordingMedium' && <MediumPermissionPanel asset={asset} />}
      {(canHoldContents(profile, asset.kind) || asset.contents.length > 0) && <ContentsPanel asset={asset} />}

      <RiskPanel key={asset.id} asset={asset} />
      <AssetExceptions assetId={asset.id} />

      <section className="card" aria-labelledby="history-title">
        <h2 id="history-title">変更履歴</h2>
        {!history || history.length === 0 ? (
          <p className="muted">履歴はありません。</p>
        ) : (
          <ol className="history">
            {[...history].reverse().map((entry) => (
              <li key={entry.id}>
                <div className="history__meta">
                  <strong>{historyActionLabels[entry.action]}</strong> {formatDate(entry.at, style)} {entry.actor}
                </div>
                {entry.changes.length > 0 && (
                  <ul className="history__changes">
                    {entry.changes.map((change) => (
                      <li key={change.field}>
                        {change.label}: <del>{historyValue(change.field, change.from) || '（空欄）'}</del> →{' '}
                        <ins>{historyValue(change.field, change.to) || '（空欄）'}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>

      <RetireDialog dialogRef={dialogRef} assetId={asset.id} name={asset.name} />
    </article>
  );
}


function RetireDialog({ dialogRef, assetId, name }: { dialogRef: React.RefObject<HTMLDialogElement | null>; assetId: string; name: string }) {
  const db = useDatabase();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const close = () => {
    setReason('');
    setError(null);
    dialogRef.current?.close();
  };
  const confirm = async () => {
    const cleaned = sanitizeText(reason);
    if (!cleaned) return setError('廃止の理由を入力してください。');
    if (cleaned.length > 500) return setError('廃止の理由は500文字以内で入力してください。');
    const result = await retireAsset(db, assetId, cleaned, { now: new Date().toISOString() });
    if (!result.ok) return setError(writeFailureMessages[result.reason]);
    close();
  };

  return (
    <dialog ref={dialogRef} className="dialog" aria-labelledby="retire-title" onCancel={close}>
      <h2 id="retire-title">資産を廃止にしますか</h2>
      <p>
        「{name}」を廃止にします。台帳からは削除されず、状態が「廃止」になって履歴に残ります。
        媒体や文書の廃棄は、廃棄の記録とともに別に行ってください。
      </p>
      <label htmlFor="retire-reason">廃止の理由</label>
      <textarea
        id="retire-reason"
        rows={3}
        value={reason}
        onChange={(event) => setReason(event.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? 'retire-error' : undefined}
      />
      {error && <p className="error" id="retire-error" role="alert">{error}</p>}
      <div className="actions">
        <button type="button" onClick={close}>キャンセル</button>
        <button type="button" className="danger" onClick={() => void confirm()}>廃止にする</button>
      </div>
    </dialog>
  );
}
