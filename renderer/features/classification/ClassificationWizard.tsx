/**
 * 分類ウィザード: one question at a time in plain Japanese with the criteria text and examples, then
 * the recommended class with its reasons. The person accepts it or picks a higher class; a lower one
 * needs a written justification that reviewers will see.
 */
import { useState } from 'react';
import { loweredObjectives, minJustificationLength, proposeClassification } from '../../../shared/domain/classification';
import { levelRank, type LedgerFacts } from '../../../shared/domain/policyProfile';
import {
  activeQuestions,
  ledgerAnswers,
  questionOptions,
  recommendClassification,
  type WizardAnswers,
} from '../../../shared/domain/recommendClassification';
import { saveClassification } from '../../data/classificationRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAsset } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useProfile, useOperator } from '../shell/SettingsContext';

export function ClassificationWizard({ assetId, onDone }: { assetId: string; onDone: () => void }) {
  const asset = useAsset(assetId);
  const profile = useProfile();
  if (asset === undefined) return <p className="loading" role="status">読み込み中…</p>;
  if (asset === null) return <p role="alert">この資産は台帳に見つかりません。一覧に戻って確認してください。</p>;
  // Start from the earlier answers under this profile; otherwise from what the ledger says of personal information.
  const previous = asset.classification?.profileId === profile.id ? asset.classification.answers : ledgerAnswers(asset);
  // The profile's rules may read the ledger's fields (kind, form, network segment, personal information).
  const facts: LedgerFacts = { kind: asset.kind, medium: asset.medium, networkSegment: asset.networkSegment, personalInfoKind: asset.personalInfoKind };
  return <Wizard key={assetId} assetId={assetId} title={`${asset.managementNumber} ${asset.name}`} initialAnswers={previous} facts={facts} onDone={onDone} />;
}

function Wizard({ assetId, title, initialAnswers, facts, onDone }: { assetId: string; title: string; initialAnswers: WizardAnswers; facts: LedgerFacts; onDone: () => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const operator = useOperator();
  const [answers, setAnswers] = useState<WizardAnswers>(initialAnswers);
  const [step, setStep] = useState(0);
  const questions = activeQuestions(profile, answers);
  const recommendation = recommendClassification(profile, answers, facts);
  const [chosen, setChosen] = useState<Record<string, string> | null>(null);
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | null>(null);
  const finished = step >= questions.length;
  const question = questions[Math.min(step, questions.length - 1)]!;
  const levels = chosen ?? recommendation.levels;
  const lowered = loweredObjectives(profile, recommendation.levels, levels);

  const answer = (value: string) => {
    setAnswers((current) => ({ ...current, [question.id]: value }));
    setChosen(null);
  };

  const submit = async () => {
    setError(null);
    const now = new Date().toISOString();
    // Keep only the answers to questions that were asked (an answer to a skipped question means nothing).
    const asked = Object.fromEntries(questions.map((q) => [q.id, answers[q.id]!]));
    const proposal = proposeClassification(profile, recommendation, asked, levels, justification, { actor: operator.name, now });
    if (!proposal.ok) {
      setError(
        proposal.reason === 'justification-required'
          ? `推奨より低い分類にするには、理由を${minJustificationLength}文字以上で入力してください。理由は審査する人が確認します。`
          : proposal.reason === 'below-floor'
            ? '他部門から入手した情報は、入手元の分類より低くできません（【03】第6条2）。入手元の分類以上を選んでください。'
            : 'すべての質問に答えてから提案してください。',
      );
      return;
    }
    const result = await saveClassification(db, profile, assetId, proposal.classification, { now });
    if (!result.ok) return setError(writeFailureMessages[result.reason]);
    onDone();
  };

  return (
    <section className="card wizard" aria-labelledby="wizard-title">
      <p className="muted">{profile.name}</p>
      <h1 id="wizard-title">分類ウィザード — {title}</h1>
      <ol className="wizard__progress" aria-label="進み具合">
        {questions.map((q, i) => (
          <li key={q.id} className={i === step ? 'current' : answers[q.id] ? 'done' : ''} aria-current={i === step ? 'step' : undefined}>
            <span className="visually-hidden">質問{i + 1}</span>
          </li>
        ))}
        <li className={finished ? 'current' : ''} aria-current={finished ? 'step' : undefined}>
          <span className="visually-hidden">結果</span>
        </li>
      </ol>

      {!finished ? (
        <fieldset className="wizard__question" key={question.id}>
          <legend>
            <span className="muted">質問 {step + 1} / {questions.length}</span>
            <strong>{question.text}</strong>
          </legend>
          <div className="criteria">
            <p>{question.criteria}</p>
            {question.examples.length > 0 && (
              <p className="examples">
                例: {question.examples.join('、')}
              </p>
            )}
            <p className="article">根拠: {question.article}</p>
          </div>
          <div className="options">
            {questionOptions(question).map((option) => (
              <label key={option.value} className="option">
                <input type="radio" name={question.id} value={option.value} checked={answers[question.id] === option.value} onChange={() => answer(option.value)} />
                {option.label}
              </label>
            ))}
          </div>
          <div className="actions">
            <button type="button" onClick={() => (step === 0 ? onDone() : setStep(step - 1))}>
              {step === 0 ? 'キャンセル' : '戻る'}
            </button>
            <button type="button" className="primary" disabled={!answers[question.id]} onClick={() => setStep(step + 1)}>
              次へ
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="wizard__result">
          <h2>推奨される分類</h2>
          {recommendation.referToManager && (
            <p className="notice" role="note">
              「わからない」と答えた質問があります。分類が不明な場合はセキュリティ管理者の判断を仰ぐことになっています（【03】第6条3）。
              提案はセキュリティ管理者の承認まで確定しません。
            </p>
          )}
          <ul className="reasons">
            {recommendation.reasons.length === 0 ? (
              <li>どの要件にも当たらないため、最も低い分類になります。</li>
            ) : (
              recommendation.reasons.map((reason) => (
                <li key={`${reason.objective}-${reason.ruleId}`}>
                  <strong>
                    {profile.objectives.find((o) => o.id === reason.objective)!.levels.find((l) => l.id === reason.level)!.name}
                    {reason.question ? ' 以上' : ''}
                  </strong>
                  ：{reason.reason}
                  <br />
                  <span className="muted">
                    {/* A level no rule raised cites the level's own definition (e.g. 【03】第4条 C). */}
                    {reason.question ? `「${reason.question}」→ ${reason.answer}（${reason.article}）` : `どの要件にも当たりません（${reason.article}）`}
                  </span>
                </li>
              ))
            )}
          </ul>
          {profile.objectives.map((objective) => (
            <div className="field" key={objective.id}>
              <label htmlFor={`level-${objective.id}`}>{objective.name}</label>
              <select
                id={`level-${objective.id}`}
                value={levels[objective.id]}
                onChange={(event) => setChosen({ ...levels, [objective.id]: event.target.value })}
              >
                {objective.levels.map((level) => (
                  <option key={level.id} value={level.id}>
                    {level.name}
                    {level.id === recommendation.levels[objective.id] ? '（推奨）' : levelRank(objective, level.id) < levelRank(objective, recommendation.levels[objective.id]!) ? '（推奨より低い：理由が必要）' : ''}
                  </option>
                ))}
              </select>
            </div>
          ))}
          {lowered.length > 0 && (
            <div className="field">
              <label htmlFor="justification">推奨より低くする理由（必須）</label>
              <textarea id="justification" rows={3} value={justification} onChange={(event) => setJustification(event.target.value)} aria-describedby="justification-hint" />
              <p className="hint" id="justification-hint">
                理由は分類とともに保存され、承認するセキュリティ管理者や監査で確認されます。
              </p>
            </div>
          )}
          {error && <p className="error" role="alert">{error}</p>}
          <div className="actions">
            <button type="button" onClick={() => setStep(questions.length - 1)}>
              戻る
            </button>
            <button type="button" className="primary" onClick={() => void submit()}>
              この分類で提案する
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
