/**
 * The editor's preview: the wizard's own derivation (shared recommendClassification via previewProfile)
 * run on a sample asset under the profile as last checked, so the office sees which class and which
 * handling each rule gives before anyone classifies with it.
 */
import { useState } from 'react';
import { previewProfile, previewSamples } from '../../../shared/domain/profileEditing';
import { topicName, type PolicyProfile } from '../../../shared/domain/policyProfile';
import { activeQuestions, questionOptions, type WizardAnswers } from '../../../shared/domain/recommendClassification';
import { formatLevels } from '../../../shared/domain/classification';

export function ProfileEditorPreview({ profile, onRefresh }: { profile: PolicyProfile | null; onRefresh: () => void }) {
  const [sampleId, setSampleId] = useState(previewSamples[0]!.id);
  const [answers, setAnswers] = useState<WizardAnswers>({});
  const sample = previewSamples.find((s) => s.id === sampleId) ?? previewSamples[0]!;
  const result = profile ? previewProfile(profile, sample, answers) : null;
  const questions = profile ? activeQuestions(profile, answers) : [];

  return (
    <section className="card" aria-labelledby="pe-preview">
      <h2 id="pe-preview">プレビュー（見本の資産で試す）</h2>
      <p className="hint">入力中の分類基準を検証し、見本の資産に当てはめます。質問に答えると推奨が変わります。台帳の個人情報の種類は、個人情報の質問の答えになります。</p>
      <div className="actions actions--start">
        <button type="button" onClick={onRefresh}>
          プレビューを更新
        </button>
      </div>
      {profile && result && (
        <>
          <div className="field">
            <label htmlFor="pe-sample">見本の資産</label>
            <select id="pe-sample" value={sampleId} onChange={(e) => setSampleId(e.target.value)}>
              {previewSamples.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          <div className="form-grid">
            {questions.map((q) => (
              <div className="field" key={q.id}>
                <label htmlFor={`pe-answer-${q.id}`}>{q.text}</label>
                <select id={`pe-answer-${q.id}`} value={answers[q.id] ?? ''} onChange={(e) => setAnswers((a) => ({ ...a, [q.id]: e.target.value }))}>
                  <option value="">（台帳から／未回答）</option>
                  {questionOptions(q).map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <div role="status" aria-label="プレビューの結果">
            <p>
              <strong>推奨: {formatLevels(profile, result.recommendation.levels)}</strong>
              {result.recommendation.unanswered.length > 0 && <span className="muted">（未回答の質問 {result.recommendation.unanswered.length}問）</span>}
            </p>
            <ul>
              {result.recommendation.reasons.map((r) => (
                <li key={`${r.ruleId}-${r.objective}`}>
                  {r.reason} <span className="article">{r.article}</span>
                </li>
              ))}
            </ul>
            {result.handling.length > 0 && (
              <>
                <h3>取扱い</h3>
                <ul>
                  {result.handling.map((h, i) => (
                    <li key={i}>
                      {topicName(profile, h.topic)}: {h.text} <span className="article">{h.article}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        </>
      )}
    </section>
  );
}
