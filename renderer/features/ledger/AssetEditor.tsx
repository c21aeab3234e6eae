/** Registers a new asset or edits one: loads what the form needs, then shows the form. */
import type { AssetInput } from '../../../shared/domain/asset';
import { useAsset, useNextManagementNumber } from '../../data/useLedger';
import { useProfile, useSectionSettings } from '../shell/SettingsContext';
import { addMonths } from '../../../shared/registers/review';
import { tokyoDay } from '../../../shared/domain/formatDate';
import { AssetForm } from './AssetForm';

export function AssetEditor({ id, onDone }: { id?: string; onDone: (id?: string) => void }) {
  const settings = useSectionSettings();
  const profile = useProfile();
  // Only a new asset needs the next number (its search can walk many index entries at 100,000 assets).
  const nextNumber = useNextManagementNumber(id === undefined ? settings.managementPrefix : null);
  const existing = useAsset(id ?? '');

  if (id === undefined) {
    if (nextNumber === undefined || nextNumber === null) return <p className="loading" role="status">読み込み中…</p>;
    // The first review falls due after the profile's interval (【09】第7条2).
    return <AssetForm defaults={emptyInput(nextNumber, settings.section, addMonths(tokyoDay(new Date()), profile.review.intervalMonths))} onDone={onDone} />;
  }
  if (existing === undefined) return <p className="loading" role="status">読み込み中…</p>;
  if (existing === null) return <p role="alert">この資産は台帳に見つかりません。一覧に戻って確認してください。</p>;
  return <AssetForm id={id} defaults={existing} onDone={onDone} />;
}

function emptyInput(managementNumber: string, section: string, nextReviewDate: string): AssetInput {
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
    nextReviewDate,
    note: '',
  };
}
