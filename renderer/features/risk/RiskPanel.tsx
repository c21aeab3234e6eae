/**
 * The asset's risk value (IPA 付録7): 重要度 from its class, 脅威 and 脆弱性 as assessed, 被害発生可能性
 * from the profile's table, and the value from its formula. Staff record the two assessments here.
 */
import { useEffect, useState } from 'react';
import type { Asset } from '../../../shared/domain/asset';
import { formatDate } from '../../../shared/domain/formatDate';
import { assetRiskValue, parseRiskScale, riskFailureLabels, riskScales, threatLabels, vulnerabilityLabels, type RiskScale } from '../../../shared/domain/riskValue';
import { useDatabase } from '../../data/DatabaseContext';
import { saveRiskAssessment } from '../../data/riskRepository';
import { writeFailureMessages } from '../../data/writeResult';
import { Notice, type Message } from '../shell/Notice';
import { useCan, useProfile, useSectionSettings } from '../shell/SettingsContext';
import { useOneAtATime } from '../shell/useOneAtATime';

export function RiskPanel({ asset }: { asset: Asset }) {
  const db = useDatabase();
  const can = useCan();
  const profile = useProfile();
  const settings = useSectionSettings();
  const [threat, setThreat] = useState<RiskScale | null>(asset.riskAssessment?.threat ?? null);
  const [vulnerability, setVulnerability] = useState<RiskScale | null>(asset.riskAssessment?.vulnerability ?? null);
  const [message, setMessage] = useState<Message>(null);
  // A double-click would save the assessment twice (two history lines, two audit entries).
  const once = useOneAtATime();
  // A new assessment (saved here or in another window) is what the choices show. Not by remounting the
  // panel on it: that dropped the confirmation of the save that made it.
  const assessedAt = asset.riskAssessment?.assessedAt;
  useEffect(() => {
    setThreat(asset.riskAssessment?.threat ?? null);
    setVulnerability(asset.riskAssessment?.vulnerability ?? null);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- follows the assessment's time, not the object
  }, [assessedAt]);
  const risk = profile.risk;
  if (!risk) return null;
  const value = assetRiskValue(profile, asset);

  const save = async () => {
    if (threat === null || vulnerability === null) return setMessage({ kind: 'error', text: '脅威の発生頻度と脆弱性の両方を選んでください。' });
    const result = await saveRiskAssessment(db, asset.id, { threat, vulnerability }, { now: new Date().toISOString() });
    setMessage(result.ok ? { kind: 'ok', text: 'リスク評価を保存しました。' } : { kind: 'error', text: writeFailureMessages[result.reason] });
  };

  return (
    <section className="card" aria-labelledby="risk-title">
      <h2 id="risk-title">{risk.name}</h2>
      <p className="risk-value" aria-label={risk.name}>
        {value.ok ? (
          <>
            <strong className={value.band ? `risk-band--${value.band.id}` : undefined}>{value.value}{value.band && `（${value.band.name}）`}</strong>
            {' '}＝ 重要度 {value.importance} と {risk.likelihood.name} {value.likelihood}（{risk.formula.kind === 'product' ? '積' : risk.formula.kind === 'sum' ? '和' : '大きいほう'}）
            {value.provisional && '。分類が決まっていないため、最も高い重要度で計算しています（【03】第6条3）'}
          </>
        ) : (
          riskFailureLabels[value.reason]
        )}
      </p>
      <p className="muted">根拠: {risk.source}{asset.riskAssessment && `。評価 ${formatDate(asset.riskAssessment.assessedAt, settings.dateStyle)}（${asset.riskAssessment.assessedBy}）`}</p>
      {can('asset.update') && asset.status !== 'disposed' && (
        <form onSubmit={(e) => { e.preventDefault(); void once.run(save); }}>
          <div className="fields">
            <div className="field">
              <label htmlFor="risk-threat">脅威の発生頻度</label>
              <select id="risk-threat" value={threat ?? ''} onChange={(e) => setThreat(parseRiskScale(e.target.value))}>
                <option value="">選んでください</option>
                {[...riskScales].reverse().map((v) => <option key={v} value={v}>{threatLabels[v]}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="risk-vulnerability">脆弱性</label>
              <select id="risk-vulnerability" value={vulnerability ?? ''} onChange={(e) => setVulnerability(parseRiskScale(e.target.value))}>
                <option value="">選んでください</option>
                {[...riskScales].reverse().map((v) => <option key={v} value={v}>{vulnerabilityLabels[v]}</option>)}
              </select>
            </div>
          </div>
          <Notice message={message} />
          <div className="actions actions--start"><button type="submit" disabled={once.busy}>リスク評価を保存</button></div>
        </form>
      )}
    </section>
  );
}
