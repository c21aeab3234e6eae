/** The asset form: validation by the shared schema, errors beside each field, duplicate 管理番号 refused. */
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  assetFieldLabels,
  assetInputSchema,
  choiceFieldLabels,
  fieldLimits,
  type AssetInput,
} from '../../../shared/domain/asset';
import { FormField, fieldAria } from '../../components/FormField';
import { addAsset, updateAsset } from '../../data/assetRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { confirmLeave, useUnsavedChanges } from '../shell/unsavedChanges';

type TextField = Exclude<keyof AssetInput, keyof typeof choiceFieldLabels>;
type ChoiceField = Extract<keyof AssetInput, keyof typeof choiceFieldLabels>;

const required = new Set<keyof AssetInput>(['managementNumber', 'name', 'kind', 'medium', 'location', 'owningSection', 'custodian', 'networkSegment', 'personalInfoKind']);

const hints: Partial<Record<keyof AssetInput, string>> = {
  managementNumber: '半角英数字と - _ . / 。課の接頭辞で自動採番されます（変更できます）。',
  location: '例: 本庁舎3階 市民課 書庫A',
  userScope: '例: 市民課 住民記録係のみ',
  retentionPeriod: '例: 5年、30年、常用',
  legalBasis: '例: 住民基本台帳法',
  nextReviewDate: '例: 2027-04-01',
};

export function AssetForm({ id, defaults, onDone }: { id?: string; defaults: AssetInput; onDone: (id?: string) => void }) {
  const db = useDatabase();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState, setError, setFocus, setValue, getFieldState, watch } = useForm<AssetInput, unknown, AssetInput>({
    resolver: zodResolver(assetInputSchema),
    defaultValues: pickInput(defaults),
    shouldFocusError: true,
  });
  const errors = formState.errors;
  useUnsavedChanges(formState.isDirty && !formState.isSubmitSuccessful);

  const onSubmit = handleSubmit(async (input) => {
    setFailure(null);
    const context = { now: new Date().toISOString() };
    const newId = id ?? crypto.randomUUID();
    const result = id ? await updateAsset(db, id, input, context) : await addAsset(db, input, newId, context);
    if (result.ok) return onDone(result.value.id);
    if (result.reason === 'duplicate-number') {
      setError('managementNumber', { message: writeFailureMessages['duplicate-number'] });
      setFocus('managementNumber');
      return;
    }
    setFailure(writeFailureMessages[result.reason]);
  });

  const text = (field: TextField, options: { multiline?: boolean; max: number; type?: string }) => (
    <FormField id={field} label={assetFieldLabels[field]} required={required.has(field)} error={errors[field]?.message} hint={hints[field]} count={options.type === 'date' ? undefined : { length: [...(watch(field) ?? '')].length, max: options.max }}>
      {/* No maxLength: the browser would cut a long paste silently; the counter and the check say so instead. */}
      {options.multiline ? (
        <textarea {...fieldAria(field, errors[field]?.message, Boolean(hints[field]))} rows={4} {...register(field)} />
      ) : (
        <input type={options.type ?? 'text'} {...fieldAria(field, errors[field]?.message, Boolean(hints[field]))} {...register(field)} />
      )}
    </FormField>
  );
  const choice = (field: ChoiceField) => (
    <FormField id={field} label={assetFieldLabels[field]} required error={errors[field]?.message}>
      <select
        {...fieldAria(field, errors[field]?.message)}
        {...register(field, {
          // A paper document is on paper unless the user already chose otherwise.
          onChange: (event) => {
            if (field === 'kind' && event.target.value === 'paperDocument' && !getFieldState('medium').isDirty) setValue('medium', 'paper');
          },
        })}
      >
        {Object.entries(choiceFieldLabels[field]).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </FormField>
  );

  return (
    <form className="card asset-form" onSubmit={onSubmit} noValidate aria-labelledby="asset-form-title">
      <h1 id="asset-form-title">{id ? '資産を編集' : '資産を登録'}</h1>
      <p className="muted">必須の項目を入力して「保存」を押してください。変更はすべて履歴と監査ログに記録されます。</p>
      <div className="form-grid">
        {text('managementNumber', { max: fieldLimits.managementNumber })}
        {text('name', { max: fieldLimits.name })}
        {choice('kind')}
        {choice('medium')}
        {text('location', { max: fieldLimits.shortText })}
        {text('owningSection', { max: fieldLimits.shortText })}
        {text('custodian', { max: fieldLimits.shortText })}
        {text('userScope', { max: fieldLimits.shortText })}
        {choice('networkSegment')}
        {choice('personalInfoKind')}
        {text('retentionPeriod', { max: fieldLimits.shortText })}
        {text('legalBasis', { max: fieldLimits.legalBasis })}
        {text('nextReviewDate', { max: 10, type: 'date' })}
      </div>
      {text('note', { max: fieldLimits.note, multiline: true })}
      {failure && <p className="error" role="alert">{failure}</p>}
      <div className="actions">
        <button type="button" onClick={() => confirmLeave() && onDone(id)}>
          キャンセル
        </button>
        <button type="submit" className="primary" disabled={formState.isSubmitting}>
          保存
        </button>
      </div>
    </form>
  );
}

function pickInput(source: AssetInput): AssetInput {
  const keys = Object.keys(assetInputSchema.shape) as (keyof AssetInput)[];
  return Object.fromEntries(keys.map((key) => [key, source[key]])) as AssetInput;
}
