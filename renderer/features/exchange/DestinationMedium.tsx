/**
 * The medium a backup or a signed export is written to (【03】第8条1: only with the security manager's
 * permission). A select of the ledger's permitted, labelled recording media; the media in use that
 * cannot be chosen are listed with why, so the person knows what to fix. A medium outside the ledger
 * stays possible, described in words with the reason, both recorded in the take-out register.
 * Shared by the export and the backup screens (kept out of them so their own work can move freely).
 */
import { useMemo } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import {
  destinationMedia,
  destinationProblem,
  mediumIneligibilityLabels,
  MIN_OFF_LEDGER_REASON,
  type DestinationChoice,
  type DestinationProblem,
} from '../../../shared/registers/approvedMedia';
import { useDatabase } from '../../data/DatabaseContext';
import { listLabelledAssetIds } from '../../data/registerRepository';
import { useAssets } from '../../data/useLedger';

/**
 * The permitted and the other media of the ledger (undefined while loading), as listDestinationMedia
 * gives them, from the ledger kept in memory (assetCache.ts) rather than a live query: that query read
 * every medium again in one task after each write to the assets, ~0.4 s at the end of a restore of a
 * ledger with 12,500 media, while the backup and export screens are open.
 * A screen reads them once and hands them to `DestinationMedium` and `useDestinationProblem`.
 */
export function useDestinationMedia() {
  const db = useDatabase();
  const { all } = useAssets(0);
  const labelled = useLiveQuery(() => listLabelledAssetIds(db), [db]);
  return useMemo(() => (all && labelled ? destinationMedia(all, labelled) : undefined), [all, labelled]);
}

/** What is wrong with `choice` now (null: it may be used); 'no-medium' while the list loads. */
export function useDestinationProblem(choice: DestinationChoice | null, media: DestinationMediaList | undefined): DestinationProblem | null {
  return useMemo(() => (media ? destinationProblem(choice, new Set(media.eligible.map((m) => m.id))) : 'no-medium'), [media, choice]);
}

const OFF_LEDGER = 'off-ledger';

type DestinationMediaList = ReturnType<typeof useDestinationMedia>;

export function DestinationMedium({ id, media, value, onChange }: { id: string; media: DestinationMediaList | undefined; value: DestinationChoice | null; onChange: (choice: DestinationChoice | null) => void }) {
  const selected = value === null ? '' : value.kind === 'offLedger' ? OFF_LEDGER : value.assetId;
  const select = (option: string) => {
    if (option === '') onChange(null);
    else if (option === OFF_LEDGER) onChange({ kind: 'offLedger', description: '', reason: '' });
    else onChange({ kind: 'ledgerMedium', assetId: option });
  };

  return (
    <div className="destination-medium">
      <div className="field">
        <label htmlFor={`${id}-medium`}>保存する記録媒体</label>
        <select id={`${id}-medium`} value={selected} onChange={(e) => select(e.target.value)} aria-describedby={`${id}-medium-hint`}>
          <option value="">{media === undefined ? '読み込んでいます…' : '選んでください'}</option>
          {media?.eligible.map((m) => (
            <option key={m.id} value={m.id}>
              {m.managementNumber} {m.name}（{m.location}）
            </option>
          ))}
          <option value={OFF_LEDGER}>台帳にない媒体に保存する（理由を記録）</option>
        </select>
        <p className="hint" id={`${id}-medium-hint`}>
          セキュリティ管理者が使用を許可し、分類ラベルを印刷した記録媒体だけを選べます（【03】第5条2・第8条）。保存すると台帳がその媒体の収納物になり、媒体の分類は台帳の分類に合わせて上がります（【03】第8条3）。
        </p>
        {media && media.eligible.length === 0 && value?.kind !== 'offLedger' && (
          <p className="notice">選べる記録媒体がありません。台帳一覧で記録媒体を開いて「使用を許可する」を押し、「ラベル」で分類ラベルを印刷してください。</p>
        )}
      </div>
      {media && media.ineligible.length > 0 && (
        <details className="destination-medium__ineligible">
          <summary>選べない記録媒体（{media.ineligible.length.toLocaleString('ja-JP')}件）と理由</summary>
          <ul>
            {media.ineligible.slice(0, 50).map(({ asset, reasons }) => (
              <li key={asset.id}>
                <span className="mono">{asset.managementNumber}</span> {asset.name}: {reasons.map((r) => mediumIneligibilityLabels[r]).join('、')}
              </li>
            ))}
          </ul>
          {media.ineligible.length > 50 && <p className="muted">ほか {(media.ineligible.length - 50).toLocaleString('ja-JP')} 件</p>}
        </details>
      )}
      {value?.kind === 'offLedger' && (
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-off-ledger`}>台帳にない媒体</label>
            <input id={`${id}-off-ledger`} value={value.description} maxLength={100} onChange={(e) => onChange({ ...value, description: e.target.value })} placeholder="例: 事務局から借りたUSBメモリ" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-off-ledger-reason`}>許可された媒体を使わない理由（{MIN_OFF_LEDGER_REASON}文字以上、持出しの記録に残ります）</label>
            <input id={`${id}-off-ledger-reason`} value={value.reason} maxLength={300} onChange={(e) => onChange({ ...value, reason: e.target.value })} />
          </div>
        </div>
      )}
    </div>
  );
}
