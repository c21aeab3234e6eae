import { describe, expect, it } from 'vitest';
import { activeQuestions, recommendClassification, type WizardAnswers } from '../../../../shared/domain/recommendClassification';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

/** What a person knows about an asset; turned into each profile's answers below. */
interface Facts {
  personal?: 'personal' | 'sensitive' | 'specificPersonal';
  secrecyDuty?: boolean;
  corporateSecret?: boolean;
  trustDamage?: boolean;
  stopsOneDay?: boolean;
  stopsHalfDay?: boolean;
  published?: boolean;
  /** Non-disclosure grounds (1-7) of the disclosure ordinance that apply. */
  grounds?: number[];
  /** Needs secrecy equal to a secret document (総務省 機密性3). */
  secretDocument?: boolean;
  integrity?: boolean;
  availability?: boolean;
}

const yn = (value: boolean | undefined) => (value ? 'yes' : 'no');
const groundIds = ['nd1_law', 'nd2_private', 'nd3_corporate', 'nd4_intergovernmental', 'nd5_deliberation', 'nd6_affairs', 'nd7_safety'];

function nishinomiyaAnswers(f: Facts): WizardAnswers {
  const answers: WizardAnswers = {
    personalInfo: f.personal ?? 'none',
    secrecyDuty: yn(f.secrecyDuty),
    corporateSecret: yn(f.corporateSecret),
    trustDamage: yn(f.trustDamage),
    businessImpactHigh: yn(f.stopsOneDay),
    published: yn(f.published),
    businessImpactMedium: yn(f.stopsHalfDay),
  };
  if (!f.published) groundIds.forEach((id, i) => (answers[id] = yn(f.grounds?.includes(i + 1))));
  return answers;
}

function micAnswers(f: Facts): WizardAnswers {
  const answers: WizardAnswers = {
    personalInfo: f.personal ?? 'none',
    secret: yn(f.secretDocument || f.secrecyDuty || f.trustDamage),
    published: yn(f.published),
    integrityImpact: yn(f.integrity),
    availabilityImpact: yn(f.availability),
  };
  if (!f.published) answers.notPublic = yn((f.grounds?.length ?? 0) > 0 || f.corporateSecret);
  return answers;
}

// [asset, facts, 西宮 重要性分類, 総務省 機密性/完全性/可用性]
const table: [string, Facts, string, string][] = [
  ['住民基本台帳', { personal: 'specificPersonal', stopsOneDay: true, integrity: true, availability: true }, 'A', '3/2/2'],
  ['市税課税台帳', { personal: 'specificPersonal', secrecyDuty: true, integrity: true, availability: true }, 'A', '3/2/2'],
  ['国民健康保険被保険者台帳', { personal: 'specificPersonal', integrity: true, availability: true }, 'A', '3/2/2'],
  ['図書館の利用者情報', { personal: 'personal', integrity: true }, 'A', '2/2/1'],
  ['職員名簿', { personal: 'personal' }, 'A', '2/1/1'],
  ['業務で利用するメールアドレス一覧', { personal: 'personal' }, 'A', '2/1/1'],
  ['生活保護ケース記録', { personal: 'sensitive', integrity: true }, 'A', '2/2/1'],
  ['障害者手帳交付台帳', { personal: 'sensitive', integrity: true, availability: true }, 'A', '2/2/2'],
  ['児童虐待相談記録', { personal: 'sensitive', trustDamage: true }, 'A', '3/1/1'],
  ['マイナンバー付き住民税申告書（紙）', { personal: 'specificPersonal' }, 'A', '3/1/1'],
  ['法人市民税の申告内容', { secrecyDuty: true, corporateSecret: true }, 'A', '3/1/1'],
  ['公表前の職員不祥事調査報告', { trustDamage: true, grounds: [6] }, 'A', '3/1/1'],
  ['窓口業務システム', { stopsOneDay: true, availability: true, integrity: true }, 'A', '1/2/2'],
  ['入札予定価格調書', { grounds: [6], secretDocument: true }, 'B', '3/1/1'],
  ['設計単価表', { grounds: [6] }, 'B', '2/1/1'],
  ['審議中の会議資料', { grounds: [5] }, 'B', '2/1/1'],
  ['用地取得の計画', { grounds: [5, 6] }, 'B', '2/1/1'],
  ['用地買収の交渉経過', { grounds: [6] }, 'B', '2/1/1'],
  ['各種試験問題（採用試験）', { grounds: [6], secretDocument: true }, 'B', '3/1/1'],
  ['争訟の方針', { grounds: [6] }, 'B', '2/1/1'],
  ['指定統計調査票', { grounds: [1] }, 'B', '2/1/1'],
  ['取引先の経営に関する情報', { grounds: [3] }, 'B', '2/1/1'],
  ['国との協議資料', { grounds: [4] }, 'B', '2/1/1'],
  ['防災無線の設備配置図', { grounds: [7] }, 'B', '2/1/1'],
  ['施設予約システムの設定資料', { stopsHalfDay: true }, 'B', '1/1/1'],
  ['公開済みの広報原稿', { published: true }, 'C', '1/1/1'],
  ['ホームページ掲載の統計資料', { published: true, integrity: true }, 'C', '1/2/1'],
  ['公開予定の議会資料（公開前）', { published: true }, 'C', '1/1/1'],
  ['庁内の会議室予約表', {}, 'C', '1/1/1'],
  ['市民向けパンフレット原稿', { published: true }, 'C', '1/1/1'],
  ['公開済みの例規集（ただし職員の連絡先入り）', { published: true, personal: 'personal' }, 'A', '2/1/1'],
];

describe('recommendClassification over realistic municipal assets', () => {
  it('covers at least 30 assets', () => expect(table.length).toBeGreaterThanOrEqual(30));

  it.each(table)('returns %s as 西宮 %s / 総務省 %s', (_name, facts, expectedNishinomiya, expectedMic) => {
    const n = recommendClassification(nishinomiyaProfile, nishinomiyaAnswers(facts));
    expect(n.unanswered).toEqual([]);
    expect(n.levels.importance).toBe(expectedNishinomiya);
    const m = recommendClassification(micProfile, micAnswers(facts));
    expect(m.unanswered).toEqual([]);
    expect(`${m.levels.confidentiality}/${m.levels.integrity}/${m.levels.availability}`).toBe(expectedMic);
  });
});

describe('recommendClassification', () => {
  it('returns every reason with the question, answer and article', () => {
    const result = recommendClassification(nishinomiyaProfile, nishinomiyaAnswers({ personal: 'personal', grounds: [5] }));
    expect(result.reasons.map((r) => [r.ruleId, r.answer, r.article])).toEqual([
      ['personal-A', '個人情報が含まれる', '【03】第4条（重要性分類A）'],
      ['nd5_deliberation-B', 'はい', '【03】第4条（重要性分類B 要件(5)）'],
    ]);
  });

  it('refers the question to the security manager when any answer is わからない', () => {
    const answers = { ...nishinomiyaAnswers({}), trustDamage: 'unsure' };
    expect(recommendClassification(nishinomiyaProfile, answers)).toMatchObject({ referToManager: true, levels: { importance: 'C' } });
    expect(recommendClassification(nishinomiyaProfile, { ...nishinomiyaAnswers({}), personalInfo: 'unsure' }).referToManager).toBe(true);
  });

  it('lists unanswered questions in order and ignores answers to skipped ones', () => {
    expect(recommendClassification(nishinomiyaProfile, {}).unanswered[0]).toBe('personalInfo');
    const published = { ...nishinomiyaAnswers({ published: true }), nd6_affairs: 'yes' };
    expect(recommendClassification(nishinomiyaProfile, published).levels.importance).toBe('C');
  });

  it.each([
    ['an unknown answer value', { personalInfo: 'lots' }],
    ['a prototype key', JSON.parse('{"__proto__": "yes", "constructor": "yes"}')],
  ])('treats %s as unanswered', (_name, answers) => {
    const result = recommendClassification(nishinomiyaProfile, answers);
    expect(result.unanswered).toContain('personalInfo');
    expect(result.levels.importance).toBe('C');
  });
});

describe('activeQuestions', () => {
  it('skips the seven non-disclosure questions when the information is published', () => {
    expect(activeQuestions(nishinomiyaProfile, {}).length).toBe(nishinomiyaProfile.questions.length);
    expect(activeQuestions(nishinomiyaProfile, { published: 'yes' }).map((q) => q.id)).not.toContain('nd1_law');
    expect(activeQuestions(nishinomiyaProfile, { published: 'yes' }).length).toBe(nishinomiyaProfile.questions.length - 7);
  });
});
