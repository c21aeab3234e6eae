/**
 * 分類基準: the section's policy profile, its levels with definitions and examples, switching to
 * another profile (security manager only; the assets whose class will need review are listed before
 * the switch is confirmed; recorded; classifications under the old profile are marked 要見直し, never
 * changed), loading a profile file the central office distributed, and the profile editor.
 */
import { assetMediumLabels } from '../../../shared/domain/asset';
import { useRef, useState } from 'react';
import type { PolicyProfile } from '../../../shared/domain/policyProfile';
import { blankDraft, draftFromProfile, switchReviewReasonText, type ProfileDraft, type SwitchReview } from '../../../shared/domain/profileEditing';
import { getSwitchReview, loadProfile, switchProfile } from '../../data/profileRepository';
import { bundledProfiles } from '../../../shared/domain/profiles/bundledProfiles';
import { ProfileEditor } from './ProfileEditor';
import { profileSaveMessage } from './profileMessages';
import { useDatabase } from '../../data/DatabaseContext';
import { useProfiles } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { Notice, type Message } from '../shell/Notice';

/** A profile file is small JSON; anything larger is not one (and is not read into memory). */
const MAX_PROFILE_BYTES = 1024 * 1024;

/** A bundled profile cannot be replaced: its copy gets an id of its own, which the office may change. */
const bundledIdOf = (profile: PolicyProfile) => bundledProfiles.some((p) => p.id === profile.id);

export function ProfileScreen() {
  const db = useDatabase();
  const active = useProfile();
  const settings = useSectionSettings();
  const profiles = useProfiles() ?? [];
  const [message, setMessage] = useState<Message>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const can = useCan();
  const [editing, setEditing] = useState<{ draft: ProfileDraft; from: string } | null>(null);
  const [base, setBase] = useState('');
  const [pending, setPending] = useState<{ profile: PolicyProfile; review: SwitchReview } | null>(null);

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
    setMessage({ kind: 'error', text: profileSaveMessage(result) });
  };

  /** First step of a switch: what it will ask people to review, shown before anything changes. */
  const prepareSwitch = async (profile: PolicyProfile) => {
    setMessage(null);
    setPending({ profile, review: await getSwitchReview(db, profile) });
  };

  const [switching, setSwitching] = useState(false);
  const confirmSwitch = async () => {
    if (!pending || switching) return;
    const { profile } = pending;
    setSwitching(true);
    const result = await switchProfile(db, settings, profile, context()).finally(() => setSwitching(false));
    setPending(null);
    if (!result.ok) return setMessage({ kind: 'error', text: writeFailureMessages[result.reason] });
    setMessage({ kind: 'ok', text: `分類基準を「${profile.name}」（版 ${profile.version}）に切り替えました。見直しが必要な資産: ${result.value.markedForReview}件（うち分類や推奨が変わる資産 ${result.value.review.entries.length}件）。` });
  };

  const startEditing = () => {
    const from = profiles.find((p) => p.id === base);
    setMessage(null);
    setEditing(from ? { draft: { ...draftFromProfile(from), ...(bundledIdOf(from) ? { id: `${from.id}-custom` } : {}) }, from: `${from.name}（版 ${from.version}）` } : { draft: blankDraft(), from: '空の分類基準' });
  };

  if (editing) {
    return (
      <ProfileEditor
        start={editing.draft}
        startedFrom={editing.from}
        stored={profiles}
        onClose={(result) => {
          setEditing(null);
          setMessage(result);
        }}
      />
    );
  }

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
                {profile.changeNote && (
                  <>
                    <br />
                    <span className="muted">変更メモ: {profile.changeNote}</span>
                  </>
                )}
              </div>
              {profile.id === active.id ? (
                <span className="badge badge--approved">使用中</span>
              ) : (
                can('profile.switch') && (
                  <button type="button" onClick={() => void prepareSwitch(profile)}>
                    この分類基準に切り替える
                  </button>
                )
              )}
            </li>
          ))}
        </ul>
        {pending && (
          <section className="card switch-review" aria-labelledby="switch-review-title">
            <h2 id="switch-review-title">切り替える前に確認してください</h2>
            <p>
              「{pending.profile.name}」（版 {pending.profile.version}）に切り替えると、分類済みの資産 {pending.review.checked}件のうち、次の {pending.review.entries.length}件は分類の段階がなくなるか、推奨される分類が変わります。切り替えても今の分類は変更されず、別の分類基準で行われた分類は「要見直し」になります（【03】第6条3）。
            </p>
            {pending.review.entries.length > 0 && (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">管理番号</th>
                    <th scope="col">名称</th>
                    <th scope="col">見直しが必要な理由</th>
                  </tr>
                </thead>
                <tbody>
                  {pending.review.entries.map((entry) => (
                    <tr key={entry.assetId}>
                      <td>{entry.managementNumber}</td>
                      <td>{entry.name}</td>
                      <td>{entry.reasons.map((r) => switchReviewReasonText(pending.profile, r)).join('。')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <div className="actions actions--start">
              <button type="button" className="primary" disabled={switching} onClick={() => void confirmSwitch()}>
                確認して切り替える
              </button>
              <button type="button" onClick={() => setPending(null)}>
                切り替えない
              </button>
            </div>
          </section>
        )}
        {!can('profile.switch') && <p className="hint">分類基準の切り替えはセキュリティ管理者だけが行えます。</p>}
        {can('profile.load') && (
        <div className="actions actions--start">
          <label className="file-button">
            分類基準ファイルを読み込む
            <input ref={fileRef} type="file" accept=".json,application/json" onChange={(event) => void load(event.target.files?.[0]).finally(() => (event.target.value = ''))} />
          </label>
        </div>
        )}
        {can('profile.edit') && (
          <div className="actions actions--start profile-edit-start">
            <label htmlFor="profile-base">元にする分類基準</label>
            <select id="profile-base" value={base} onChange={(e) => setBase(e.target.value)}>
              <option value="">空の分類基準から作る</option>
              {profiles.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}（版 {p.version}）
                </option>
              ))}
            </select>
            <button type="button" onClick={startEditing}>
              分類基準を作成・編集する
            </button>
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
