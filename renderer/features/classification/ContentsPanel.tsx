/**
 * What a medium or system holds (【03】第8条3): add contained assets chosen in the asset picker (several
 * at once, found by 管理番号, name or location) or remove them. The derived class of this asset and
 * every container above it is updated in the same save.
 */
import { useState } from 'react';
import { AssetPicker } from '../../components/AssetPicker';
import type { Asset } from '../../../shared/domain/asset';
import { classificationStateLabels, classificationStateOf, formatLevels } from '../../../shared/domain/classification';
import { setContents } from '../../data/classificationRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAssets, useAssetsById } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useCan, useProfile } from '../shell/SettingsContext';
import { assetEffectiveLevels } from '../../../shared/domain/deriveClass';
import { canHoldContents } from '../../../shared/domain/policyProfile';

/** A disposed asset no longer exists to be held; a retired one may still sit on a medium. Stable, so the picker's search is not redone on every render. */
const notDisposed = (asset: Pick<Asset, 'status'>) => asset.status !== 'disposed';

export function ContentsPanel({ asset }: { asset: Asset }) {
  const db = useDatabase();
  const profile = useProfile();
  const writer = useCan()('asset.contents');
  const contents = useAssetsById(asset.contents) ?? [];
  const { all } = useAssets(0);
  const [picked, setPicked] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  const save = async (numbers: string[]) => {
    setError(null);
    const result = await setContents(db, profile, asset.id, numbers, { now: new Date().toISOString() });
    if (!result.ok) {
      setError(writeFailureMessages[result.reason]);
      return false;
    }
    return true;
  };
  const add = async () => {
    const numbers = picked.map((id) => all?.find((a) => a.id === id)?.managementNumber).filter((n): n is string => n !== undefined);
    if (numbers.length === 0) return setError('収納する資産を一覧から選んでください（管理番号・名称・所在で探せます）。');
    // On failure the choice stays, so the person can change it.
    if (await save([...contents.map((c) => c.managementNumber), ...numbers])) setPicked([]);
  };

  return (
    <section className="card" aria-labelledby="contents-title">
      <h2 id="contents-title">収納している資産</h2>
      <p className="muted">
        この媒体やシステムが保持している情報資産です。異なる分類の情報を保持する場合、最も高い分類で取り扱います（【03】第8条3）。
      </p>
      {contents.length === 0 ? (
        <p className="muted">登録されていません。</p>
      ) : (
        <ul className="contents">
          {contents.map((item) => (
            <li key={item.id}>
              <span className="mono">{item.managementNumber}</span> {item.name}
              <span className="muted">
                {' '}
                — {formatLevels(profile, assetEffectiveLevels(profile, item)) || '分類なし'}（{classificationStateLabels[classificationStateOf(item.classification)]}）
                {asset.derived?.undecided?.includes(item.managementNumber) && <strong className="undecided">（分類未決定）</strong>}
              </span>
              {writer && (
                <button type="button" className="link" onClick={() => void save(contents.filter((c) => c.id !== item.id).map((c) => c.managementNumber))}>
                  外す
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {writer && !canHoldContents(profile, asset.kind) && <p className="notice">この種類の資産には、これ以上収納する資産を追加できません（収納できるのは分類基準が定める種類だけです）。外すことはできます。</p>}
      {writer && canHoldContents(profile, asset.kind) && (
      <div className="inline-form inline-form--picker">
        <AssetPicker
          id="add-content"
          label="収納する資産"
          multiple
          assets={all}
          value={picked}
          onChange={setPicked}
          accept={notDisposed}
          exclude={[asset.id, ...asset.contents]}
          invalid={Boolean(error)}
          {...(error ? { describedBy: 'contents-error' } : {})}
        />
        <button type="button" onClick={() => void add()}>
          {picked.length > 1 ? `${picked.length}件を追加` : '追加'}
        </button>
      </div>
      )}
      {error && (
        <p className="error" id="contents-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
