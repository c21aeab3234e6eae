/** First run: the section's organisation, section, 管理番号 prefix and the operator. */
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import type { z } from 'zod';
import { sectionSettingsSchema } from '../../../shared/domain/sectionSettings';
import { bundledProfiles, defaultProfileId } from '../../../shared/domain/profiles/bundledProfiles';
import { FormField, fieldAria } from '../../components/FormField';
import { useDatabase } from '../../data/DatabaseContext';
import { saveSettings } from '../../data/settingsRepository';
import { writeFailureMessages } from '../../data/writeResult';

type SetupForm = z.input<typeof sectionSettingsSchema>;

export function SetupScreen() {
  const db = useDatabase();
  const [failure, setFailure] = useState<string | null>(null);
  const { register, handleSubmit, formState } = useForm<SetupForm, unknown, z.output<typeof sectionSettingsSchema>>({
    resolver: zodResolver(sectionSettingsSchema),
    defaultValues: { organisation: '', section: '', managementPrefix: '', operator: '', dateStyle: 'seireki', profileId: defaultProfileId },
  });
  const errors = formState.errors;

  const onSubmit = handleSubmit(async (settings) => {
    // The first operator is the section's security manager (【01】第9条: 課等の長).
    const result = await saveSettings(db, { ...settings, operatorRole: 'securityManager' }, new Date().toISOString());
    if (!result.ok) setFailure(writeFailureMessages[result.reason]);
  });

  return (
    <main className="setup">
      <form className="card setup__card" onSubmit={onSubmit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">Daichō 情報資産台帳 — 初期設定</h1>
        <p className="muted">
          はじめに、この台帳を管理する団体と課、管理番号の付け方、操作する方の氏名を登録してください。
          操作者の氏名は、すべての変更の記録（監査ログ）に残ります。
        </p>
        <FormField id="organisation" label="団体名" required error={errors.organisation?.message} hint="例: 西宮市">
          <input {...fieldAria('organisation', errors.organisation?.message, true)} {...register('organisation')} autoFocus />
        </FormField>
        <FormField id="section" label="課の名称" required error={errors.section?.message} hint="例: 市民課">
          <input {...fieldAria('section', errors.section?.message, true)} {...register('section')} />
        </FormField>
        <FormField id="managementPrefix" label="管理番号の接頭辞" required error={errors.managementPrefix?.message} hint="例: SM- とすると SM-00001 から番号を振ります">
          <input {...fieldAria('managementPrefix', errors.managementPrefix?.message, true)} {...register('managementPrefix')} />
        </FormField>
        <FormField id="profileId" label="分類基準" required error={errors.profileId?.message} hint="あとから「分類基準」画面で変更したり、事務局の配布ファイルを読み込んだりできます">
          <select {...fieldAria('profileId', errors.profileId?.message, true)} {...register('profileId')}>
            {bundledProfiles.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="operator" label="操作者の氏名（セキュリティ管理者）" required error={errors.operator?.message} hint="例: 山田 花子（課長）">
          <input {...fieldAria('operator', errors.operator?.message, true)} {...register('operator')} autoComplete="name" />
        </FormField>
        <fieldset className="field">
          <legend>日付の表示</legend>
          <label className="inline">
            <input type="radio" value="seireki" {...register('dateStyle')} /> 西暦（2026年4月1日）
          </label>
          <label className="inline">
            <input type="radio" value="wareki" {...register('dateStyle')} /> 和暦（令和8年4月1日）
          </label>
        </fieldset>
        {failure && <p className="error" role="alert">{failure}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            設定して台帳を開く
          </button>
        </div>
      </form>
    </main>
  );
}
