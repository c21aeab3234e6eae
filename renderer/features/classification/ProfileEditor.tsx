/**
 * 分類基準の作成・編集: the central office writes its own profile in forms, starting from a bundled or
 * loaded one or from nothing. The draft is checked by the shared validation (the loader's own strict
 * schema, issues in Japanese beside their fields), previewed on sample assets, saved to the section's
 * list (security managers only, checked again in the write) and saved as a file to distribute.
 */
import { useState } from 'react';
import { FormProvider, useForm } from 'react-hook-form';
import { validateDraft, type DraftIssue, type ProfileDraft } from '../../../shared/domain/profileEditing';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import { bundledProfiles } from '../../../shared/domain/profiles/bundledProfiles';
import { saveEditedProfile } from '../../data/profileRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { platform } from '../../platform/bridge';
import { Notice, type Message } from '../shell/Notice';
import { useUnsavedChanges } from '../shell/unsavedChanges';
import { TextField } from './ProfileEditorFields';
import { ProfileEditorPreview } from './ProfileEditorPreview';
import { HandlingSection, LabelSection, ObjectivesSection, QuestionsSection, RulesSection } from './ProfileEditorSections';
import { profileSaveMessage } from './profileMessages';

const bundledIds = bundledProfiles.map((p) => p.id);

export function ProfileEditor({ start, startedFrom, stored, onClose }: { start: ProfileDraft; startedFrom: string; stored: readonly PolicyProfile[]; onClose: (message: Message) => void }) {
  const db = useDatabase();
  const form = useForm<ProfileDraft>({ defaultValues: start, shouldFocusError: true });
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [message, setMessage] = useState<Message>(null);
  const [preview, setPreview] = useState<PolicyProfile | null>(null);
  const [busy, setBusy] = useState(false);
  useUnsavedChanges(form.formState.isDirty && !busy);

  /** Runs the shared validation on the form as it stands; shows each issue beside its field. */
  const check = (): PolicyProfile | null => {
    form.clearErrors();
    setMessage(null);
    const result = validateDraft(form.getValues(), { bundledIds, stored: stored.filter((p) => !bundledIds.includes(p.id)) });
    if (result.ok) {
      setIssues([]);
      return result.profile;
    }
    for (const issue of result.issues) form.setError(issue.path as never, { type: 'profile', message: issue.message });
    setIssues(result.issues);
    // To the first field named (a list's own issue has no control: the summary below names it).
    document.getElementById(`pe-${result.issues[0]!.path}`)?.focus();
    setMessage({ kind: 'error', text: `分類基準に誤りが${result.issues.length}件あります。各項目の横の説明に従って直してください。保存もファイルへの書出しもしていません。` });
    return null;
  };

  const save = async () => {
    const profile = check();
    if (!profile) return;
    setBusy(true);
    const result = await saveEditedProfile(db, profile, { now: new Date().toISOString() });
    setBusy(false);
    if (!result.ok) return setMessage({ kind: 'error', text: profileSaveMessage(result) });
    onClose({
      kind: 'ok',
      text: result.replaced
        ? `分類基準「${profile.name}」を版 ${result.replaced.version} から版 ${profile.version} に更新し、分類基準の切替として記録しました。前の版で分類した資産（${result.replaced.markedForReview}件）は要見直しになりました。`
        : `分類基準「${profile.name}」（版 ${profile.version}）を保存しました。使うには一覧の「この分類基準に切り替える」を押してください。`,
    });
  };

  const saveFile = async () => {
    const profile = check();
    if (!profile) return;
    const bytes = new TextEncoder().encode(`${JSON.stringify(profile, null, 2)}\n`);
    const saved = await platform.saveFile(`分類基準_${profile.id}_版${profile.version}.json`, bytes);
    setMessage(saved ? { kind: 'ok', text: `分類基準ファイル（${profile.id} 版 ${profile.version}）を保存しました。各課に配布し、「分類基準ファイルを読み込む」で読み込んでもらってください。` } : { kind: 'error', text: '保存を取り消しました。ファイルは作られていません。' });
  };

  const cancel = () => {
    if (form.formState.isDirty && !window.confirm('入力した内容は保存されていません。編集をやめますか。')) return;
    onClose(null);
  };

  return (
    <FormProvider {...form}>
      <form className="profile-editor" aria-labelledby="pe-title" onSubmit={(e) => e.preventDefault()} noValidate>
        <h1 id="pe-title">分類基準の作成・編集</h1>
        <p className="muted">元にした分類基準: {startedFrom}。保存すると、課の「使える分類基準」に加わります。切り替えるまで、今の分類には影響しません。</p>
        <section className="card" aria-labelledby="pe-basics">
          <h2 id="pe-basics">基本情報</h2>
          <div className="form-grid">
            <TextField path="id" label="分類基準のID" hint="英数字・_・-。組み込みの nishinomiya・mic 以外" required />
            <TextField path="name" label="分類基準の名称" required />
            <TextField path="version" label="版" hint="変更したら版を上げます（例: 2026.2）" required />
          </div>
          <TextField path="changeNote" label="変更メモ（この版で変えたこと）" multiline required />
          <TextField path="source" label="出典（対策基準の名称）" required />
          <div className="form-grid">
            <TextField path="review.intervalMonths" label="台帳の見直しの間隔（か月）" type="number" required />
            <TextField path="review.article" label="見直しの根拠" required />
            <TextField path="review.note" label="見直しの補足" />
          </div>
        </section>
        <ObjectivesSection />
        <QuestionsSection />
        <RulesSection />
        <HandlingSection />
        <LabelSection />
        <ProfileEditorPreview profile={preview} onRefresh={() => setPreview(check())} />
        {issues.length > 0 && (
          <section className="card" aria-labelledby="pe-issues">
            <h2 id="pe-issues">直す必要がある項目（{issues.length}件）</h2>
            <ul className="issue-list">
              {issues.map((issue, i) => (
                <li key={i}>
                  <code>{issue.field}</code>: {issue.message}
                </li>
              ))}
            </ul>
          </section>
        )}
        <Notice message={message} />
        <div className="actions">
          <button type="button" onClick={cancel}>
            やめる
          </button>
          <button type="button" onClick={() => (check() ? setMessage({ kind: 'ok', text: '誤りは見つかりませんでした。保存するか、ファイルに保存して配布できます。' }) : undefined)}>
            検証する
          </button>
          <button type="button" onClick={() => void saveFile()}>
            ファイルに保存
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void save()}>
            保存して一覧に加える
          </button>
        </div>
      </form>
    </FormProvider>
  );
}
