/**
 * 分類基準: the section's policy profile, its levels with definitions and examples, switching to
 * another profile (security manager only; recorded; classifications under the old profile are marked
 * 要見直し, never changed), and loading a profile file the central office distributed.
 */
import { assetMediumLabels } from '../../../shared/domain/asset';
import { useRef, useState } from 'react';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import { loadProfile, switchProfile } from '../../data/profileRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useProfiles } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

/** A profile file is small JSON; anything larger is not one (and is not read into memory). */
const MAX_PROFILE_BYTES = 1024 * 1024;

export function ProfileScreen() {
  const db = useDatabase();
  const active = useProfile();
  const settings = useSectionSettings();
  const profiles = useProfiles() ?? [];
  const [message, setMessage] = useState<Message>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const can = useCan();

  const context = () => ({ now: new Date().toISOString() });

  const load = async (file: File | undefined) => {
    setMessage(null);
    if (!file) return;
    if (file.size > MAX_PROFILE_BYTES) return setMessage({ kind: 'error', text: 'ファイルが大きすぎます（1MBまで）。事務局が配布した分類基準ファイル（.json）を選んでください。' });
    let data: unknown;
    try {
      data = JSON.parse(await file.text());
    } catch {
      return setMessage({ kind: 'error', text: 'このファイルは分類基準ファイル（JSON）として読めません。事務局が配布したファイルか確認してください。台帳は変更されていません。' });
    }
    const result = await loadProfile(db, data, context());
    if (result.ok && result.replaced) {
      return setMessage({
        kind: 'ok',
        text: `同じIDの分類基準（版 ${result.replaced.version}）を「${result.profile.name}」（版 ${result.profile.version}）に置き換え、分類基準の切替として記録しました。前の版で分類した資産（${result.replaced.markedForReview}件）は要見直しになりました。`,
      });
    }
    if (result.ok) return setMessage({ kind: 'ok', text: `分類基準「${result.profile.name}」（版 ${result.profile.version}）を読み込みました。切り替えるには一覧から選んでください。` });
    if (result.reason === 'invalid') {
      return setMessage({ kind: 'error', text: `分類基準ファイルに誤りがあるため読み込みませんでした。項目 ${result.field}: ${result.message}。事務局に確認してください。` });
    }
    if (result.reason === 'bundled-id') return setMessage({ kind: 'error', text: '組み込みの分類基準と同じIDのファイルは読み込めません。事務局に確認してください。' });
    setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
  };

  const switchTo = async (profile: PolicyProfile) => {
    setMessage(null);
    if (!window.confirm(`分類基準を「${profile.name}」に切り替えますか。現在の分類は変更されず、「要見直し」になります。`)) return;
    const result = await switchProfile(db, settings, profile, context());
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    setMessage({ kind: 'ok', text: `分類基準を「${profile.name}」に切り替えました。見直しが必要な資産: ${result.value.markedForReview}件。` });
  };

  return (
    <section aria-labelledby="profiles-title" className="profiles">
      <h1 id="profiles-title">分類基準</h1>
      <p className="muted">現在の分類基準: {active.name}（版 {active.version}） — {active.source}</p>
      <Notice message={message} />
      <div className="card">
        <h2>使える分類基準</h2>
        <ul className="profile-list">
          {profiles.map((profile) => (
            <li key={profile.id}>
              <div>
                <strong>{profile.name}</strong> <span className="muted">版 {profile.version}</span>
                <br />
                <span className="muted">{profile.source}</span>
              </div>
              {profile.id === active.id ? (
                <span className="badge badge--approved">使用中</span>
              ) : (
                can('profile.switch') && (
                  <button type="button" onClick={() => void switchTo(profile)}>
                    この分類基準に切り替える
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
        {!can('profile.switch') && <p className="hint">分類基準の切り替えはセキュリティ管理者だけが行えます。</p>}
        {can('profile.load') && (
        <div className="actions actions--start">
          <label className="file-button">
            分類基準ファイルを読み込む
            <input ref={fileRef} type="file" accept=".json,application/json" onChange={(event) => void load(event.target.files?.[0]).finally(() => (event.target.value = ''))} />
          </label>
        </div>
        )}
      </div>
      {active.objectives.map((objective) => (
        <div className="card" key={objective.id}>
          <h2>{objective.name}</h2>
          <dl className="levels">
            {[...objective.levels].reverse().map((level) => (
              <div key={level.id}>
                <dt>
                  <span className="level-mark" style={{ color: active.label.objective === objective.id ? active.label.marks[level.id]?.colour : undefined }} aria-hidden="true">
                    {active.label.objective === objective.id ? active.label.marks[level.id]?.symbol : ''}
                  </span>{' '}
                  {level.name}
                </dt>
                <dd>
                  <p>{level.definition}</p>
                  {level.requirements.length > 0 && (
                    <ul>
                      {level.requirements.map((r) => (
                        <li key={r}>{r}</li>
                      ))}
                    </ul>
                  )}
                  {level.examples.length > 0 && <p className="examples">例: {level.examples.join('、')}</p>}
                  {level.appliesTo?.media && <p className="muted">対象: {level.appliesTo.media.map((m) => assetMediumLabels[m]).join('・')}のみ</p>}
                  {level.article && <p className="article">{level.article}</p>}
                </dd>
              </div>
            ))}
          </dl>
        </div>
      ))}
      <div className="card">
        <h2>台帳の定期見直し</h2>
        <p>
          {active.review.intervalMonths}か月ごと（根拠: {active.review.article}）
        </p>
        {active.review.note && <p className="muted">{active.review.note}</p>}
      </div>
    </section>
  );
}
