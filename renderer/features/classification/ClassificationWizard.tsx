/**
 * 分類ウィザード: one question at a time in plain Japanese with the criteria text and examples, then
 * the recommended class with its reasons. The person accepts it or picks a higher class; a lower one
 * needs a written justification that reviewers will see.
 *
 * Shorter by design (issue 14): only the questions the profile puts to the asset's kind are asked, and
 * the wizard stops as soon as no remaining answer can change any objective's level (isOutcomeDecided).
 * Enter answers and moves on; focus follows the question; the counter says how many remain at most.
 * The same wizard classifies several selected assets with one set of answers, each its own proposal.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { loweredObjectives, minJustificationLength, proposeClassification, type AssetClassification } from '../../../shared/domain/classification';
import { levelRank, type LedgerFacts } from '../../../shared/domain/policyProfile';
import {
  activeQuestions,
  isOutcomeDecided,
  ledgerAnswers,
  questionOptions,
  questionsRemainingAtMost,
  recommendClassification,
  type WizardAnswers,
} from '../../../shared/domain/recommendClassification';
import { formatLevels } from '../../../shared/domain/classification';
import type { Asset } from '../../../shared/domain/asset';
import { saveClassification, saveClassifications } from '../../data/classificationRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { useAsset, useAssetsById } from '../../data/useLedger';
import { writeFailureMessages } from '../../data/writeResult';
import { useProfile, useOperator } from '../shell/SettingsContext';

/** One asset the wizard classifies. */
interface Target {
  assetId: string;
  title: string;
  facts: LedgerFacts;
}

const factsOf = (asset: Asset): LedgerFacts => ({ kind: asset.kind, medium: asset.medium, networkSegment: asset.networkSegment, personalInfoKind: asset.personalInfoKind });

export function ClassificationWizard({ assetId, onDone }: { assetId: string; onDone: () => void }) {
  const asset = useAsset(assetId);
  const profile = useProfile();
  if (asset === undefined) return <p className="loading" role="status">読み込み中…</p>;
  if (asset === null) return <p role="alert">この資産は台帳に見つかりません。一覧に戻って確認してください。</p>;
  // Start from the earlier answers under this profile; otherwise from what the ledger says of personal information.
  const previous = asset.classification?.profileId === profile.id ? asset.classification.answers : ledgerAnswers(asset);
  // The profile's rules may read the ledger's fields (kind, form, network segment, personal information).
  const target: Target = { assetId, title: `${asset.managementNumber} ${asset.name}`, facts: factsOf(asset) };
  return <Wizard key={assetId} targets={[target]} commonFacts={target.facts} initialAnswers={previous} onDone={onDone} />;
}

/**
 * Several similar assets classified with one set of answers. Only the facts all of them share decide
 * which questions are asked (a mixed selection is asked everything); each asset then gets its own
 * recommendation from the same answers and its own facts.
 */
export function BulkClassificationWizard({ assetIds, onDone }: { assetIds: string[]; onDone: () => void }) {
  const assets = useAssetsById(assetIds);
  if (assets === undefined) return <p className="loading" role="status">読み込み中…</p>;
  const found = assets.filter((a): a is Asset => a !== undefined && a !== null);
  if (found.length === 0 || found.length !== assetIds.length) return <p role="alert">選択した資産の一部が台帳に見つかりません。一覧に戻って選び直してください。</p>;
  const targets = found.map((a) => ({ assetId: a.id, title: `${a.managementNumber} ${a.name}`, facts: factsOf(a) }));
  const shared = (field: keyof LedgerFacts) => (targets.every((t) => t.facts[field] === targets[0]!.facts[field]) ? targets[0]!.facts[field] : undefined);
  const commonFacts: LedgerFacts = { kind: shared('kind'), medium: shared('medium'), networkSegment: shared('networkSegment'), personalInfoKind: shared('personalInfoKind') };
  const initial = commonFacts.personalInfoKind ? ledgerAnswers({ personalInfoKind: commonFacts.personalInfoKind }) : {};
  return <Wizard key={assetIds.join(',')} targets={targets} commonFacts={commonFacts} initialAnswers={initial} onDone={onDone} />;
}

/** The answers to the first `count` questions (those the person has gone through). */
function confirmedAnswers(questions: { id: string }[], answers: WizardAnswers, count: number): WizardAnswers {
  return Object.fromEntries(questions.slice(0, count).filter((q) => Object.hasOwn(answers, q.id)).map((q) => [q.id, answers[q.id]!]));
}

function Wizard({ targets, commonFacts, initialAnswers, onDone }: { targets: Target[]; commonFacts: LedgerFacts; initialAnswers: WizardAnswers; onDone: () => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const operator = useOperator();
  const bulk = targets.length > 1;
  const [answers, setAnswers] = useState<WizardAnswers>(initialAnswers);
  const [step, setStep] = useState(0);
  /** How many questions were gone through when the result is shown; null while asking. */
  const [passed, setPassed] = useState<number | null>(null);
  /** Set when the person wants to lower the class after an early stop: then every question is asked. */
  const [answerAll, setAnswerAll] = useState(false);
  const [chosen, setChosen] = useState<Record<string, string> | null>(null);
  const [justification, setJustification] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [needsRest, setNeedsRest] = useState(false);
  const [saving, setSaving] = useState(false);
  const questionRef = useRef<HTMLFieldSetElement>(null);
  const resultRef = useRef<HTMLHeadingElement>(null);

  const questions = activeQuestions(profile, answers, commonFacts);
  const finished = passed !== null || questions.length === 0;
  const question = questions[Math.min(step, questions.length - 1)];
  const confirmed = confirmedAnswers(questions, answers, passed ?? questions.length);
  const recommendations = targets.map((t) => recommendClassification(profile, confirmed, t.facts));
  const recommendation = recommendations[0]!;
  const levels = chosen ?? recommendation.levels;
  const lowered = loweredObjectives(profile, recommendation.levels, levels);
  const decidedBefore = (count: number, given: WizardAnswers = answers, list = questions) => targets.every((t) => isOutcomeDecided(profile, confirmedAnswers(list, given, count), t.facts));
  // Once every question is wanted (to lower the class) or the outcome is already fixed, the rest of the list remains.
  const remaining = answerAll || decidedBefore(step) ? questions.length - step : Math.max(1, questionsRemainingAtMost(profile, confirmedAnswers(questions, answers, step), commonFacts));

  // Focus follows the wizard: the chosen (or first) option of the new question, or the result's heading.
  useEffect(() => {
    if (finished) resultRef.current?.focus();
    else (questionRef.current?.querySelector<HTMLInputElement>('input:checked') ?? questionRef.current?.querySelector<HTMLInputElement>('input'))?.focus();
  }, [step, finished]);

  const choose = (value: string) => {
    if (!question) return;
    setAnswers((current) => ({ ...current, [question.id]: value }));
    setChosen(null);
  };

  const advance = (value?: string) => {
    if (!question) return;
    const next = value === undefined ? answers : { ...answers, [question.id]: value };
    if (!questionOptions(question).some((o) => o.value === next[question.id])) return;
    if (value !== undefined) choose(value);
    const list = activeQuestions(profile, next, commonFacts);
    const count = list.findIndex((q) => q.id === question.id) + 1;
    if (count >= list.length || (!answerAll && decidedBefore(count, next, list))) setPassed(count);
    else setStep(count);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLFieldSetElement>) => {
    const target = event.target as HTMLElement;
    if (event.key !== 'Enter' || !(target instanceof HTMLInputElement) || target.type !== 'radio') return;
    event.preventDefault();
    advance(target.value);
  };

  const answerRest = () => {
    setAnswerAll(true);
    setNeedsRest(false);
    setError(null);
    setStep(passed ?? 0);
    setPassed(null);
  };

  const submit = async () => {
    setError(null);
    setNeedsRest(false);
    const now = new Date().toISOString();
    if (bulk) {
      const proposals: { assetId: string; classification: AssetClassification }[] = [];
      for (const [i, t] of targets.entries()) {
        const proposal = proposeClassification(profile, recommendations[i]!, confirmed, recommendations[i]!.levels, '', { actor: operator.name, now });
        if (!proposal.ok) return setError('すべての質問に答えてから提案してください。');
        proposals.push({ assetId: t.assetId, classification: proposal.classification });
      }
      setSaving(true);
      const result = await saveClassifications(db, profile, proposals, { now });
      setSaving(false);
      if (!result.ok) return setError(`${writeFailureMessages[result.reason]}（どの資産も分類していません）`);
      return onDone();
    }
    const proposal = proposeClassification(profile, recommendation, confirmed, levels, justification, { actor: operator.name, now });
    if (!proposal.ok) {
      if (proposal.reason === 'unanswered' && recommendation.decided) setNeedsRest(true);
      setError(
        proposal.reason === 'justification-required'
          ? `推奨より低い分類にするには、理由を${minJustificationLength}文字以上で入力してください。理由は審査する人が確認します。`
          : proposal.reason === 'below-floor'
            ? '他部門から入手した情報は、入手元の分類より低くできません（【03】第6条2）。入手元の分類以上を選んでください。'
            : recommendation.decided
              ? '推奨より低くするには、残りの質問にも答えてください（入手元の分類など、低くできない理由がないかを確かめます）。'
              : 'すべての質問に答えてから提案してください。',
      );
      return;
    }
    setSaving(true);
    const result = await saveClassification(db, profile, targets[0]!.assetId, proposal.classification, { now });
    setSaving(false);
    if (!result.ok) return setError(writeFailureMessages[result.reason]);
    onDone();
  };

  const title = bulk ? `${targets.length}件をまとめて分類` : targets[0]!.title;
  return (
    <section className="card wizard" aria-labelledby="wizard-title">
      <p className="muted">{profile.name}</p>
      <h1 id="wizard-title">分類ウィザード — {title}</h1>
      {bulk && (
        <details className="wizard__targets">
          <summary>対象の資産（{targets.length}件）</summary>
          <ul>
            {targets.map((t) => (
              <li key={t.assetId}>{t.title}</li>
            ))}
          </ul>
        </details>
      )}
      <ol className="wizard__progress" aria-label="進み具合">
        {questions.map((q, i) => (
          <li key={q.id} className={!finished && i === step ? 'current' : i < (passed ?? step) ? 'done' : ''} aria-current={!finished && i === step ? 'step' : undefined}>
            <span className="visually-hidden">質問{i + 1}</span>
          </li>
        ))}
        <li className={finished ? 'current' : ''} aria-current={finished ? 'step' : undefined}>
          <span className="visually-hidden">結果</span>
        </li>
      </ol>

      {!finished && question ? (
        <fieldset className="wizard__question" key={question.id} ref={questionRef} onKeyDown={onKeyDown}>
          <legend>
            <span className="muted" aria-live="polite">
              質問 {step + 1}・残り最大 {remaining} 問（この質問を含む）
            </span>
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
                <input type="radio" name={question.id} value={option.value} checked={answers[question.id] === option.value} onChange={() => choose(option.value)} />
                {option.label}
              </label>
            ))}
          </div>
          <p className="hint">選んで Enter キーを押すと次へ進みます。結果が決まった時点で、残りの質問は省略します。</p>
          <div className="actions">
            <button type="button" onClick={() => (step === 0 ? onDone() : setStep(step - 1))}>
              {step === 0 ? 'キャンセル' : '戻る'}
            </button>
            <button type="button" className="primary" disabled={!questionOptions(question).some((o) => o.value === answers[question.id])} onClick={() => advance()}>
              次へ
            </button>
          </div>
        </fieldset>
      ) : (
        <div className="wizard__result">
          <h2 ref={resultRef} tabIndex={-1}>
            推奨される分類
          </h2>
          {recommendation.unanswered.length > 0 && (
            <p className="muted" role="note">
              これまでの回答で結果が決まったため、残りの{recommendation.unanswered.length}問は省略しました（どう答えても推奨される分類は変わりません）。
            </p>
          )}
          {recommendations.some((r) => r.referToManager) && (
            <p className="notice" role="note">
              「わからない」と答えた質問があります。分類が不明な場合はセキュリティ管理者の判断を仰ぐことになっています（【03】第6条3）。
              提案はセキュリティ管理者の承認まで確定しません。
            </p>
          )}
          {bulk ? (
            <>
              <p>同じ回答から、資産ごとに推奨される分類で提案します（1件ずつの提案として記録され、承認も1件ずつです）。推奨より低くする場合は、1件ずつ分類してください。</p>
              <table className="wizard__targets-table">
                <thead>
                  <tr>
                    <th scope="col">資産</th>
                    <th scope="col">推奨される分類</th>
                  </tr>
                </thead>
                <tbody>
                  {targets.map((t, i) => (
                    <tr key={t.assetId}>
                      <td>{t.title}</td>
                      <td>{formatLevels(profile, recommendations[i]!.levels)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : (
            <>
              <ul className="reasons">
                {recommendation.reasons.map((reason) => (
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
                ))}
              </ul>
              {profile.objectives.map((objective) => (
                <div className="field" key={objective.id}>
                  <label htmlFor={`level-${objective.id}`}>{objective.name}</label>
                  <select id={`level-${objective.id}`} value={levels[objective.id]} onChange={(event) => setChosen({ ...levels, [objective.id]: event.target.value })}>
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
            </>
          )}
          {error && (
            <p className="error" role="alert">
              {error}
            </p>
          )}
          <div className="actions">
            <button type="button" onClick={() => (questions.length === 0 ? onDone() : (setStep(Math.max(0, (passed ?? questions.length) - 1)), setPassed(null)))}>
              {questions.length === 0 ? 'キャンセル' : '戻る'}
            </button>
            {needsRest && (
              <button type="button" onClick={answerRest}>
                残りの質問に答える
              </button>
            )}
            <button type="button" className="primary" disabled={saving} onClick={() => void submit()}>
              {bulk ? `${targets.length}件をこの分類で提案する` : 'この分類で提案する'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
