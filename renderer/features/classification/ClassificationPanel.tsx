/**
 * The classification on the asset's page: own (manual) level, the level its contents give it and
 * where that came from, the level it is handled at (the strictest while undecided or only proposed,
 * 【03】第6条3), the reasons and any justification, and approval.
 */
import { useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { classificationStateLabels, classificationStateOf, formatLevels } from '../../../shared/domain/classification';
import { assetHandling, derivedExceedsOwn, undecidedHandlingLabel, undecidedReasonText } from '../../../shared/domain/deriveClass';
import { deriveImportance, handlingFor, topicName, type LedgerFacts } from '../../../shared/domain/policyProfile';
import { combineLevels } from '../../../shared/domain/deriveClass';
import { formatDate } from '../../../shared/domain/formatDate';
import { answerLabel } from '../../../shared/domain/recommendClassification';
import { isSamePerson } from '../../../shared/accounts/permissions';
import { approveAssetClassification } from '../../data/classificationRepository';
import { useDatabase } from '../../data/DatabaseContext';
import { writeFailureMessages } from '../../data/writeResult';
import { ProposalStatus } from './ProposalStatus';
import { useCan, useProfile, useOperator, useSectionSettings } from '../shell/SettingsContext';

export function ClassificationPanel({ asset, onClassify }: { asset: Asset; onClassify: () => void }) {
  const db = useDatabase();
  const profile = useProfile();
  const settings = useSectionSettings();
  const operator = useOperator();
  const can = useCan();
  const [error, setError] = useState<string | null>(null);
  const classification = asset.classification;
  const state = classificationStateOf(classification);
  const own = classification?.profileId === profile.id ? classification.levels : undefined;
  const handling = assetHandling(profile, asset);
  const effective = handling.levels;
  const undecided = handling.undecided.length > 0;
  // A proposal is handled at its recommendation and the ledger's facts too, until a manager approves it.
  const stricterThanProposal = !undecided && state !== 'approved' && own !== undefined && derivedExceedsOwn(profile, combineLevels(profile, own, asset.derived?.handling ?? asset.derived?.levels), effective);
  const importance = deriveImportance(profile, effective);
  const canApprove = state === 'proposed' && can('classification.approve') && !!classification && !isSamePerson(operator, { userId: classification.proposedByUserId, name: classification.proposedBy });

  const approve = async () => {
    setError(null);
    const result = await approveAssetClassification(db, profile, asset.id, { now: new Date().toISOString() });
    if (!result.ok) setError(writeFailureMessages[result.reason]);
  };

  return (
    <section className="card" aria-labelledby="classification-title">
      <div className="card__head">
        <h2 id="classification-title">分類</h2>
        <span className={`badge badge--${state}`}>{classificationStateLabels[state]}</span>
        <div className="actions">
          {canApprove && (
            <button type="button" className="primary" onClick={() => void approve()}>
              承認する
            </button>
          )}
          {asset.status !== 'disposed' && can('classification.propose') && (
            <button type="button" onClick={onClassify}>
              {classification ? '分類をやり直す' : '分類する'}
            </button>
          )}
        </div>
      </div>
      {error && <p className="error" role="alert">{error}</p>}
      {classification && <ProposalStatus classification={classification} />}
      {!classification && <p className="muted">まだ分類されていません。「分類する」から分類ウィザードを始めてください。</p>}
      {classification && classification.profileId !== profile.id && (
        <p className="notice" role="note">
          この分類は別の分類基準（{classification.profileId}）で行われました。現在の分類基準でやり直してください（分類は自動では変更されません）。
        </p>
      )}
      <dl className="fields">
        {Object.keys(effective).length > 0 && (
          <div className="fields__row">
            <dt>取り扱う分類</dt>
            <dd>
              <strong>{formatLevels(profile, effective)}</strong>
              {undecided && <strong className="undecided">（{undecidedHandlingLabel}）</strong>}
              {importance && profile.importance && (
                <span className="muted">（{profile.importance.name}: {profile.importance.levels.find((l) => l.id === importance)?.name}）</span>
              )}
              {undecided && (
                <ul className="notice" role="note" aria-label={undecidedHandlingLabel}>
                  {handling.undecided.map((reason) => (
                    <li key={reason.kind}>{undecidedReasonText(reason)}</li>
                  ))}
                </ul>
              )}
              {stricterThanProposal && (
                <p className="notice" role="note">
                  提案された分類はまだ承認されていないため、推奨された分類と台帳の内容（個人情報の種類など）のうち厳しい方で取り扱います（【03】第6条3）。
                </p>
              )}
            </dd>
          </div>
        )}
        {classification && (
          <div className="fields__row">
            <dt>この資産の分類</dt>
            <dd>{formatLevels(profile, classification.levels)}（推奨: {formatLevels(profile, classification.recommended)}）</dd>
          </div>
        )}
        {asset.derived && Object.keys(asset.derived.levels).length > 0 && (
          <div className="fields__row">
            <dt>収納物からの分類</dt>
            <dd>
              {formatLevels(profile, asset.derived.levels)}
              <span className="muted">
                （最高度の分類に従う・【03】第8条3。由来: {Object.values(asset.derived.sources).flat().filter((v, i, a) => a.indexOf(v) === i).join('、')}）
              </span>
              {!undecided && derivedExceedsOwn(profile, own, asset.derived.levels) && <p className="notice">収納している資産の分類が、この資産自身の分類より高いため、高い方で取り扱います。</p>}
            </dd>
          </div>
        )}
        {classification && (
          <>
            <div className="fields__row">
              <dt>提案</dt>
              <dd>{classification.proposedBy}（{formatDate(classification.proposedAt, settings.dateStyle)}）</dd>
            </div>
            <div className="fields__row">
              <dt>承認</dt>
              <dd>{classification.approvedBy ? `${classification.approvedBy}（${formatDate(classification.approvedAt ?? '', settings.dateStyle)}）` : '未承認'}</dd>
            </div>
          </>
        )}
      </dl>
      {classification && classification.justification && (
        <div className="justification">
          <h3>推奨より低くした理由</h3>
          <p className="pre">{classification.justification}</p>
        </div>
      )}
      {classification && classification.referredToManager && <p className="notice">分類の判断をセキュリティ管理者に仰いだ項目があります（【03】第6条3）。</p>}
      {classification && classification.reasons.length > 0 && (
        <details className="reasons-details">
          <summary>分類の根拠（{classification.reasons.length}件）</summary>
          <ul className="reasons">
            {classification.reasons.map((reason) => (
              <li key={`${reason.objective}-${reason.ruleId}`}>
                {reason.reason}（{reason.article}）
                <br />
                <span className="muted">{reason.question ? `「${reason.question}」→ ${reason.answer}` : 'どの要件にも当たりません'}</span>
              </li>
            ))}
          </ul>
        </details>
      )}
      {classification && Object.keys(classification.answers).length > 0 && (
        <details className="reasons-details">
          <summary>ウィザードの回答（{Object.keys(classification.answers).length}問）</summary>
          <Answers answers={classification.answers} profileId={classification.profileId} />
        </details>
      )}
      <HandlingRules levels={effective} facts={asset} />
    </section>
  );
}

/** The handling rules that apply to the effective class, each citing its article. */
function HandlingRules({ levels, facts }: { levels: Record<string, string>; facts: LedgerFacts }) {
  const profile = useProfile();
  const rules = profile.objectives.flatMap((o) => (levels[o.id] ? handlingFor(profile, o.id, levels[o.id]!, facts) : []));
  if (rules.length === 0) return null;
  return (
    <div className="handling" aria-labelledby="handling-title">
      <h3 id="handling-title">この資産の取扱い</h3>
      <table>
        <tbody>
          {rules.map((rule) => (
            <tr key={`${rule.objective}-${rule.topic}-${rule.article}`}>
              <th scope="row">{topicName(profile, rule.topic)}</th>
              <td>{rule.text}</td>
              <td className="article">{rule.article}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Every answer given in the wizard, so reviewers see how the class was reached. */
function Answers({ answers, profileId }: { answers: Record<string, string>; profileId: string }) {
  const profile = useProfile();
  const questions = profile.id === profileId ? profile.questions : [];
  return (
    <table className="answers">
      <tbody>
        {Object.entries(answers).map(([questionId, value]) => {
          const question = questions.find((q) => q.id === questionId);
          return (
            <tr key={questionId}>
              <th scope="row">{question?.text ?? questionId}</th>
              <td>{question ? answerLabel(question, value) : value}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
