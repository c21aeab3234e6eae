/**
 * First run: the section's settings and the first account, which is the section's security manager
 * (【01】第9条: 課等の長). A section upgraded from a version without accounts sees only the account part.
 */
import { useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { z } from 'zod';
import { displayNameSchema, employeeNumberSchema, userIdSchema } from '../../../shared/accounts/account';
import { checkPassword, DEFAULT_MIN_PASSWORD } from '../../../shared/accounts/passwordPolicy';
import { sectionSettingsSchema, type SectionSettings } from '../../../shared/domain/sectionSettings';
import { bundledProfiles, defaultProfileId } from '../../../shared/domain/profiles/bundledProfiles';
import { FormField, fieldAria } from '../../components/FormField';
import { setupSection } from '../../data/accountRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { PasswordFields } from './PasswordFields';

const managerSchema = z.object({ userId: userIdSchema, employeeNumber: employeeNumberSchema, displayName: displayNameSchema });
const fullSchema = sectionSettingsSchema.and(managerSchema);
type SetupForm = z.input<typeof sectionSettingsSchema> & z.input<typeof managerSchema>;

export function SetupScreen({ existing, onDone }: { existing: SectionSettings | null; onDone: (userId: string) => void }) {
  const db = useDatabase();
  const [failure, setFailure] = useState<string | null>(null);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const { register, handleSubmit, formState, getValues } = useForm<SetupForm, unknown, z.output<typeof fullSchema>>({
    resolver: zodResolver(existing ? managerSchema : fullSchema) as never,
    defaultValues: { organisation: '', section: '', managementPrefix: '', dateStyle: 'seireki', profileId: defaultProfileId, userId: '', employeeNumber: '', displayName: '' },
  });
  const errors = formState.errors;

  /**
   * The password judged on every press, with the other fields (not only once they are all valid: a
   * clerk fixing the name and the ID would otherwise learn about the password one round later).
   */
  const passwordAccepted = (userId: string): boolean => {
    const weak = checkPassword(password, userId);
    setProblems(weak);
    const mismatch = weak.length === 0 && password !== confirm;
    setFailure(mismatch ? '確認用のパスワードが一致しません。同じパスワードを2回入力してください。' : null);
    return weak.length === 0 && !mismatch;
  };

  const onSubmit = handleSubmit(async (values) => {
    if (!passwordAccepted(values.userId)) return;
    const { organisation, section, managementPrefix, dateStyle, profileId } = values;
    // Settings and the first manager in one transaction: a half-finished setup cannot be left behind.
    const settings = existing ? null : { organisation, section, managementPrefix, dateStyle, profileId };
    const created = await setupSection(db, settings, { userId: values.userId, employeeNumber: values.employeeNumber, displayName: values.displayName, password }, { now: new Date().toISOString() });
    if (!created.ok) return created.reason === 'weak-password' ? setProblems(created.problems) : setFailure(writeFailureMessages[created.reason]);
    onDone(values.userId);
  }, () => void passwordAccepted(getValues('userId')));

  return (
    <main className="setup">
      <form className="card setup__card" onSubmit={onSubmit} noValidate aria-labelledby="setup-title">
        <h1 id="setup-title">{existing ? 'Daichō 情報資産台帳 — 管理者アカウントの作成' : 'Daichō 情報資産台帳 — 初期設定'}</h1>
        <p className="muted">
          {existing
            ? 'この版から、職員ごとのアカウントでログインします。はじめに、課のセキュリティ管理者のアカウントを作成してください。'
            : 'はじめに、この台帳を管理する団体と課、管理番号の付け方、課のセキュリティ管理者のアカウントを登録してください。すべての操作は、ログインした職員の名前で監査ログに残ります。'}
        </p>
        {!existing && (
          <>
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
                  <option key={profile.id} value={profile.id}>{profile.name}</option>
                ))}
              </select>
            </FormField>
            <fieldset className="field">
              <legend>日付の表示</legend>
              <label className="inline"><input type="radio" value="seireki" {...register('dateStyle')} /> 西暦（2026年4月1日）</label>
              <label className="inline"><input type="radio" value="wareki" {...register('dateStyle')} /> 和暦（令和8年4月1日）</label>
            </fieldset>
          </>
        )}
        <h2>セキュリティ管理者のアカウント</h2>
        <FormField id="displayName" label="氏名" required error={errors.displayName?.message} hint="例: 山田 花子（課長）">
          <input {...fieldAria('displayName', errors.displayName?.message, true)} {...register('displayName')} autoComplete="name" />
        </FormField>
        <FormField id="employeeNumber" label="職員番号" required error={errors.employeeNumber?.message} hint="人事の職員番号（1人1アカウントの確認に使います）">
          <input {...fieldAria('employeeNumber', errors.employeeNumber?.message, true)} {...register('employeeNumber')} autoComplete="off" />
        </FormField>
        <FormField id="userId" label="ユーザーID" required error={errors.userId?.message} hint="半角英小文字・数字（例: yamada.h）">
          <input {...fieldAria('userId', errors.userId?.message, true)} {...register('userId')} autoComplete="username" />
        </FormField>
        <PasswordFields label="パスワード" password={password} confirm={confirm} onPassword={setPassword} onConfirm={setConfirm} problems={problems} minLength={DEFAULT_MIN_PASSWORD} />
        {failure && <p className="error" role="alert">{failure}</p>}
        <div className="actions">
          <button type="submit" className="primary" disabled={formState.isSubmitting}>
            {formState.isSubmitting ? '登録しています…' : existing ? 'アカウントを作成して始める' : '設定して台帳を開く'}
          </button>
        </div>
      </form>
    </main>
  );
}
