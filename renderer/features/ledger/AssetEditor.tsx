/** Registers a new asset or edits one: loads what the form needs, then shows the form. */
import type { AssetInput } from '../../../shared/domain/asset';
import { useAsset, useNextManagementNumber } from '../../data/useLedger';
import { useSectionSettings } from '../shell/SettingsContext';
import { AssetForm } from './AssetForm';

export function AssetEditor({ id, onDone }: { id?: string; onDone: (id?: string) => void }) {
  const settings = useSectionSettings();
  const nextNumber = useNextManagementNumber(settings.managementPrefix);
  const existing = useAsset(id ?? '');

  if (id === undefined) {
    if (nextNumber === undefined) return <p className="loading" role="status">読み込み中…</p>;
    return <AssetForm defaults={emptyInput(nextNumber, settings.section)} onDone={onDone} />;
  }
  if (existing === undefined) return <p className="loading" role="status">読み込み中…</p>;
  if (existing === null) return <p role="alert">この資産は台帳に見つかりません。一覧に戻って確認してください。</p>;
  return <AssetForm id={id} defaults={existing} onDone={onDone} />;
}

function emptyInput(managementNumber: string, section: string): AssetInput {
  return {
    managementNumber,
    name: '',
    kind: 'information',
    medium: 'electronic',
    location: '',
    owningSection: section,
    custodian: '',
    userScope: '',
    networkSegment: 'myNumber',
    personalInfoKind: 'none',
    retentionPeriod: '',
    legalBasis: '',
    nextReviewDate: '',
    note: '',
  };
}
