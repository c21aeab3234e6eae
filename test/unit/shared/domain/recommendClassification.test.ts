import { describe, expect, it } from 'vitest';
import { activeQuestions, recommendClassification, type WizardAnswers } from '../../../../shared/domain/recommendClassification';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { approveClassification, proposeClassification, type AssetClassification } from '../../../../shared/domain/classification';
import { assetHandling, deriveClass, type ContainmentNode } from '../../../../shared/domain/deriveClass';
import type { PolicyProfile } from '../../../../shared/domain/policyProfile';

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
  /** Designated a secret document (秘密文書) under the document rules (総務省 機密性3). */
  secretDocument?: boolean;
  integrity?: boolean;
  availability?: boolean;
  /** Received from another section, with the originator's class (【03】第6条2). */
  receivedFrom?: 'A' | 'B' | 'C';
  /** Paper (the guideline's 完全性・可用性 exclude 書面). */
  paper?: boolean;
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
    receivedFrom: f.receivedFrom ?? 'none',
  };
  if (!f.published) groundIds.forEach((id, i) => (answers[id] = yn(f.grounds?.includes(i + 1))));
  return answers;
}

/** 機密性3 only for a designated secret document: a statutory secrecy duty alone is 機密性2 (see mic.json). */
function micAnswers(f: Facts): WizardAnswers {
  const answers: WizardAnswers = {
    personalInfo: f.personal ?? 'none',
    secret: yn(f.secretDocument),
    published: yn(f.published),
    integrityImpact: yn(f.integrity),
    availabilityImpact: yn(f.availability),
  };
  if (!f.published) answers.notPublic = yn((f.grounds?.length ?? 0) > 0 || f.corporateSecret || f.secrecyDuty || f.trustDamage || f.receivedFrom !== undefined);
  return answers;
}

const ledgerFacts = (f: Facts) => ({ medium: f.paper ? 'paper' : 'electronic', personalInfoKind: f.personal ?? 'none' });

// [asset, facts, 西宮 重要性分類, 総務省 機密性/完全性/可用性]
const table: [string, Facts, string, string][] = [
  ['住民基本台帳', { personal: 'specificPersonal', stopsOneDay: true, integrity: true, availability: true }, 'A', '2/2/2'],
  ['市税課税台帳', { personal: 'specificPersonal', secrecyDuty: true, integrity: true, availability: true }, 'A', '2/2/2'],
  ['国民健康保険被保険者台帳', { personal: 'specificPersonal', integrity: true, availability: true }, 'A', '2/2/2'],
  ['図書館の利用者情報', { personal: 'personal', integrity: true }, 'A', '2/2/1'],
  ['職員名簿', { personal: 'personal' }, 'A', '2/1/1'],
  ['業務で利用するメールアドレス一覧', { personal: 'personal' }, 'A', '2/1/1'],
  ['生活保護ケース記録', { personal: 'sensitive', integrity: true }, 'A', '2/2/1'],
  ['障害者手帳交付台帳', { personal: 'sensitive', integrity: true, availability: true }, 'A', '2/2/2'],
  ['児童虐待相談記録', { personal: 'sensitive', trustDamage: true }, 'A', '2/1/1'],
  ['マイナンバー付き住民税申告書（紙）', { personal: 'specificPersonal', paper: true }, 'A', '2/1/1'],
  ['法人市民税の申告内容', { secrecyDuty: true, corporateSecret: true }, 'A', '2/1/1'],
  ['公表前の職員不祥事調査報告', { trustDamage: true, grounds: [6] }, 'A', '2/1/1'],
  ['窓口業務システム', { stopsOneDay: true, availability: true, integrity: true }, 'A', '1/2/2'],
  ['入札予定価格調書', { grounds: [6] }, 'B', '2/1/1'],
  ['設計単価表', { grounds: [6] }, 'B', '2/1/1'],
  ['審議中の会議資料', { grounds: [5] }, 'B', '2/1/1'],
  ['用地取得の計画', { grounds: [5, 6] }, 'B', '2/1/1'],
  ['用地買収の交渉経過', { grounds: [6] }, 'B', '2/1/1'],
  ['各種試験問題（採用試験）', { grounds: [6] }, 'B', '2/1/1'],
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
  ['秘密文書に指定された人事異動の内示案', { grounds: [6], secretDocument: true }, 'B', '3/1/1'],
  ['他課から入手した審議中の資料の写し（入手元B）', { receivedFrom: 'B' }, 'B', '2/1/1'],
  ['他課から入手した公開予定の資料（入手元C）', { receivedFrom: 'C', published: true }, 'C', '1/1/1'],
  ['住民異動届の綴り（紙）', { personal: 'personal', paper: true, integrity: true, availability: true }, 'A', '2/1/1'],
];

/** One asset of the handling table: facts for the wizard, or no classification at all, and what it holds. */
interface HandlingCase {
  kind: string;
  facts?: Facts;
  /** 'approved' (default), 'proposed' at the recommendation, 'lowered' (proposed at the lowest level, with a justification). */
  state?: 'approved' | 'proposed' | 'lowered';
  personalInfoKind?: string;
  /** Classified under another profile (it counts as undecided under this one). */
  otherProfile?: boolean;
  contents?: string[];
}

/** Classifies through the real wizard logic: recommendation, proposal by staff, approval by another manager. */
function classify(profile: PolicyProfile, c: HandlingCase): AssetClassification | null {
  if (!c.facts) return null;
  const answers = profile.id === 'mic' ? micAnswers(c.facts) : nishinomiyaAnswers(c.facts);
  const recommendation = recommendClassification(profile, answers, ledgerFacts(c.facts));
  const lowest = Object.fromEntries(profile.objectives.map((o) => [o.id, o.levels[0]!.id]));
  const chosen = c.state === 'lowered' ? lowest : recommendation.levels;
  const proposal = proposeClassification(profile, recommendation, answers, chosen, '暗号化USBの予算がないため低くしたい', { actor: '佐藤', now: 'now' });
  if (!proposal.ok) throw new Error(proposal.reason);
  if (c.otherProfile) return { ...proposal.classification, profileId: 'kobe' };
  if (c.state === 'proposed' || c.state === 'lowered') return proposal.classification;
  const approved = approveClassification(proposal.classification, { userId: 'tanaka', name: '田中', role: 'securityManager' }, 'now');
  if (!approved.ok) throw new Error(approved.reason);
  return approved.classification;
}

// [asset, the assets of its graph by id (the asset itself is "x"), 西宮 handling, 総務省 handling, undecided]
const handlingTable: [string, Record<string, HandlingCase>, string, string, boolean][] = [
  ['空のUSBメモリ（分類の提案だけ）', { x: { kind: 'recordingMedium', facts: { published: true }, state: 'proposed' } }, 'A', '3/2/2', true],
  ['空のUSBメモリ（未分類）', { x: { kind: 'recordingMedium' } }, 'A', '3/2/2', true],
  ['空のUSBメモリ（セキュリティ管理者がCと承認）', { x: { kind: 'recordingMedium', facts: { published: true } } }, 'C', '1/1/1', false],
  ['C資産と未分類の資産を入れたUSBメモリ', { x: { kind: 'recordingMedium', facts: { published: true }, contents: ['c', 'u'] }, c: { kind: 'information', facts: { published: true } }, u: { kind: 'information' } }, 'A', '3/2/2', true],
  ['B資産とC資産を入れたUSBメモリ（すべて承認済み）', { x: { kind: 'recordingMedium', facts: { published: true }, contents: ['b', 'c'] }, b: { kind: 'information', facts: { grounds: [6] } }, c: { kind: 'information', facts: { published: true } } }, 'B', '2/1/1', false],
  ['個人情報を含む未分類の情報', { x: { kind: 'information', personalInfoKind: 'personal' } }, 'A', '3/2/2', true],
  ['担当者がCと提案した個人情報入りUSBメモリ', { x: { kind: 'recordingMedium', facts: { personal: 'personal' }, state: 'lowered', personalInfoKind: 'personal', contents: ['c'] }, c: { kind: 'information', facts: { published: true } } }, 'A', '2/1/1', false],
  ['テープ＞USBメモリ＞住民基本台帳（すべて承認済み）', { x: { kind: 'recordingMedium', facts: { published: true }, contents: ['usb'] }, usb: { kind: 'recordingMedium', facts: { published: true }, contents: ['r'] }, r: { kind: 'information', facts: { personal: 'specificPersonal', integrity: true, availability: true } } }, 'A', '2/2/2', false],
  ['未分類の情報を保持する窓口業務システム', { x: { kind: 'system', facts: { stopsOneDay: true, integrity: true, availability: true }, contents: ['u'] }, u: { kind: 'information' } }, 'A', '3/2/2', true],
  ['別の分類基準で分類された資産', { x: { kind: 'information', facts: { published: true }, otherProfile: true } }, 'A', '3/2/2', true],
];

describe('recommendClassification and handling over realistic municipal assets', () => {
  it('covers at least 40 assets', () => expect(table.length + handlingTable.length).toBeGreaterThanOrEqual(40));

  it.each(table)('returns %s as 西宮 %s / 総務省 %s', (_name, facts, expectedNishinomiya, expectedMic) => {
    const n = recommendClassification(nishinomiyaProfile, nishinomiyaAnswers(facts), ledgerFacts(facts));
    expect(n.unanswered).toEqual([]);
    expect(n.levels.importance).toBe(expectedNishinomiya);
    const m = recommendClassification(micProfile, micAnswers(facts), ledgerFacts(facts));
    expect(m.unanswered).toEqual([]);
    expect(`${m.levels.confidentiality}/${m.levels.integrity}/${m.levels.availability}`).toBe(expectedMic);
    // Every objective has a cited reason, the lowest level included (【03】第4条 C).
    for (const result of [n, m]) for (const objective of Object.keys(result.levels)) expect(result.reasons.some((r) => r.objective === objective && r.article.length > 0)).toBe(true);
  });

  it.each(handlingTable)('handles %s as 西宮 %s / 総務省 %s (undecided: %s)', (_name, cases, expectedNishinomiya, expectedMic, undecided) => {
    for (const [profile, expected] of [[nishinomiyaProfile, expectedNishinomiya], [micProfile, expectedMic]] as const) {
      const nodes = new Map<string, ContainmentNode>(
        Object.entries(cases).map(([id, c]) => [id, { id, managementNumber: `SM-${id}`, kind: c.kind, medium: c.facts?.paper ? 'paper' : 'electronic', personalInfoKind: c.personalInfoKind ?? c.facts?.personal ?? 'none', contents: c.contents ?? [], classification: classify(profile, c) }]),
      );
      const x = nodes.get('x')!;
      const handling = assetHandling(profile, { ...x, derived: deriveClass(profile, nodes, 'x') });
      expect(profile.objectives.map((o) => handling.levels[o.id]).join('/')).toBe(expected);
      expect(handling.undecided.length > 0).toBe(undecided);
    }
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

  it('cites the lowest level\'s own rule when nothing raises it: 【03】第4条 C 「重要性分類A、B以外の情報」', () => {
    const result = recommendClassification(nishinomiyaProfile, nishinomiyaAnswers({ published: true }));
    expect(result.levels.importance).toBe('C');
    expect(result.reasons).toEqual([expect.objectContaining({ ruleId: 'importance-lowest', level: 'C', article: '【03】第4条（重要性分類C）', reason: '重要性分類A、B以外の情報' })]);
    const mic = recommendClassification(micProfile, micAnswers({ published: true }));
    expect(mic.reasons.find((r) => r.objective === 'confidentiality')).toMatchObject({ level: '1', reason: '機密性2又は機密性3の情報以外の情報', article: expect.stringContaining('機密性1') });
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
