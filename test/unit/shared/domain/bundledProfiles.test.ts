/**
 * The bundled profiles say what their sources say, and no more. Nishinomiya's texts are checked against
 * the standard itself (../shared/seeds/002_…, 西宮市情報セキュリティ対策基準書, beside the repository as in
 * CI); the national guideline's texts are checked against the definitions quoted here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import { recommendClassification } from '../../../../shared/domain/recommendClassification';
import { RIGHTS_REVIEW_MONTHS } from '../../../../shared/registers/review';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const seed = readFileSync(path.resolve(repoRoot, '../shared/seeds/002_3f357940335e7295.txt'), 'utf8');
/** The seed's table cells carry <p> tags and line breaks; whitespace carries no meaning in Japanese text. */
const normalise = (text: string) => text.replace(/<\/?p>/g, '').replace(/\s+/g, '');
const seedText = normalise(seed);
/** The app joins two quoted phrases with 「：」 (極秘情報：法令などの…); each side is a quotation. */
const quotations = (text: string) => text.split('：').map(normalise);

const importance = nishinomiyaProfile.objectives[0]!;
const level = (id: string) => importance.levels.find((l) => l.id === id)!;

/** Every text of the Nishinomiya profile that quotes the standard, with where it is stored. */
const quoted: [string, string][] = [
  ...importance.levels.flatMap((l) => [
    [`levels.${l.id}.definition`, l.definition] as [string, string],
    ...l.requirements.map((r, i): [string, string] => [`levels.${l.id}.requirements[${i}]`, r]),
    ...l.examples.map((e, i): [string, string] => [`levels.${l.id}.examples[${i}]`, e]),
  ]),
  ...nishinomiyaProfile.rules.map((r): [string, string] => [`rules.${r.id}.reason`, r.reason]),
  ...nishinomiyaProfile.handling.map((h, i): [string, string] => [`handling[${i}].text (${h.article})`, h.text]),
  ...nishinomiyaProfile.floors.map((f, i): [string, string] => [`floors[${i}].reason`, f.reason]),
];

describe('nishinomiya profile against 西宮市情報セキュリティ対策基準書', () => {
  it('quotes at least every level, rule and handling text', () => expect(quoted.length).toBeGreaterThan(40));

  it.each(quoted)('finds %s verbatim in the standard', (_where, text) => {
    for (const quotation of quotations(text)) expect(seedText).toContain(quotation);
  });

  it('keeps the two reasons that stopped mid-word whole: 「…重大な影響を」 and 「…不当に利益を与」', () => {
    const reason = (id: string) => nishinomiyaProfile.rules.find((r) => r.id === id)!.reason;
    expect(reason('nd3_corporate-B')).toMatch(/著しく不当な事業活動に関する情報を除く。$/);
    expect(reason('nd5_deliberation-B')).toMatch(/特定の者に不当に利益を与え、若しくは不利益を及ぼすおそれがあるもの$/);
    for (const rule of nishinomiyaProfile.rules) expect(rule.reason).toMatch(/(。|もの|情報)$/);
  });

  it('keeps the exclusion of requirement B(3): 「ただし、人の生命、身体若しくは健康に危害を及ぼすおそれのある事業活動…に関する情報を除く。」', () => {
    const exclusion = 'ただし、人の生命、身体若しくは健康に危害を及ぼすおそれのある事業活動又は人の財産若しくは生活若しくは環境に重大な影響を及ぼすおそれのある違法若しくは著しく不当な事業活動に関する情報を除く。';
    expect(seedText).toContain(exclusion);
    expect(level('B').requirements[2]).toContain(exclusion);
    expect(nishinomiyaProfile.rules.find((r) => r.id === 'nd3_corporate-B')!.reason).toContain(exclusion);
    const question = nishinomiyaProfile.questions.find((q) => q.id === 'nd3_corporate')!;
    expect(question.criteria).toContain(exclusion);
    // The clerk reads the exclusion in the question itself, not only in the criteria.
    expect(question.text).toMatch(/生命・身体・健康に危害を及ぼすおそれのある事業活動.*除きます/);
  });

  it('cites every level, the lowest too: 【03】第4条 重要性分類C 要件「重要性分類A、B以外の情報」', () => {
    expect(importance.levels.map((l) => l.article)).toEqual(['【03】第4条（重要性分類C）', '【03】第4条（重要性分類B）', '【03】第4条（重要性分類A）']);
    expect(level('C').requirements).toEqual(['重要性分類A、B以外の情報']);
    expect(seedText).toContain(normalise('要件	重要性分類A、B以外の情報'));
  });

  it('keeps the originator\'s class (【03】第6条2 「入手元の重要性分類に基づいた取扱いをしなければならない」) as a floor', () => {
    expect(nishinomiyaProfile.floors).toEqual([expect.objectContaining({ question: 'receivedFrom', objective: 'importance', article: '【03】第6条2' })]);
    const answers = Object.fromEntries(nishinomiyaProfile.questions.map((q) => [q.id, q.options ? 'none' : 'no']));
    const result = recommendClassification(nishinomiyaProfile, { ...answers, published: 'yes', receivedFrom: 'A' });
    expect(result.levels.importance).toBe('A');
    expect(result.floors).toEqual({ importance: 'A' });
  });

  it('lists 郵便等による配送 (【03】第9条4) and 外部組織のアクセス (【09】第8条) as handling from B up', () => {
    const topic = (id: string) => nishinomiyaProfile.handling.find((h) => h.topic === id)!;
    expect(topic('transport')).toMatchObject({ minLevel: 'B', article: '【03】第9条4' });
    expect(topic('transport').text).toMatch(/^重要性分類B以上の情報を郵便等により配送する必要がある場合は、信頼できる輸送機関を用いる/);
    expect(topic('outsideAccess')).toMatchObject({ minLevel: 'B', article: '【09】第8条' });
    expect(topic('outsideAccess').text).toContain('セキュリティ管理者の許可なく本市の重要性分類B以上の情報資産にアクセスしてはならない');
  });

  it('takes the review interval from the profile, citing 【03】第3条3 and not 【09】第7条2 (which is the six-monthly review of access rights)', () => {
    expect(nishinomiyaProfile.review.intervalMonths).toBe(12);
    expect(nishinomiyaProfile.review.article).toMatch(/^【03】第3条3/);
    expect(nishinomiyaProfile.review.article).not.toContain('【09】');
    expect(seedText).toContain(normalise('追加、変更、廃止等があった場合には、速やかに情報資産台帳を改訂しなければならない'));
    // 【09】第7条2 is about rights: 「利用者のアクセス権を少なくとも半年に一回以上棚卸しなければならない」.
    expect(seedText).toContain('利用者のアクセス権を少なくとも半年に一回以上棚卸しなければならない');
    expect(RIGHTS_REVIEW_MONTHS).toBe(6);
  });
});

describe('mic profile against the national guideline (総務省) definitions', () => {
  const confidentiality = micProfile.objectives.find((o) => o.id === 'confidentiality')!;
  const c = (id: string) => confidentiality.levels.find((l) => l.id === id)!;
  const answersWith = (overrides: Record<string, string>) => ({ personalInfo: 'none', secret: 'no', published: 'no', notPublic: 'no', integrityImpact: 'no', availabilityImpact: 'no', ...overrides });

  it('defines 機密性3 as 「行政事務で取り扱う情報のうち、秘密文書に相当する機密性を要する情報」 with no examples of its own', () => {
    expect(c('3').definition).toBe('行政事務で取り扱う情報のうち、秘密文書に相当する機密性を要する情報');
    expect(c('2').definition).toBe('行政事務で取り扱う情報のうち、秘密文書に相当する機密性は要しないが、直ちに一般に公表することを前提としていない情報');
    for (const objective of micProfile.objectives) for (const l of objective.levels) expect(l.examples).toEqual([]);
  });

  it('puts 特定個人情報 at 機密性2: the definition of 機密性3 does not mention it, and no rule raises it', () => {
    expect(micProfile.rules.some((r) => r.minLevel === '3' && r.when?.question === 'personalInfo')).toBe(false);
    expect(recommendClassification(micProfile, answersWith({ personalInfo: 'specificPersonal' })).levels.confidentiality).toBe('2');
    expect(recommendClassification(micProfile, answersWith({ personalInfo: 'specificPersonal', secret: 'yes' })).levels.confidentiality).toBe('3');
  });

  it('puts 入札予定価格 at 機密性2 (【03】第4条 puts 調達予定価格 under B): no longer an example of 機密性3', () => {
    const texts = JSON.stringify(micProfile.questions.find((q) => q.id === 'secret'));
    expect(texts).not.toContain('入札予定価格');
    expect(JSON.stringify(c('3'))).not.toContain('入札予定価格');
    expect(level('B').examples).toContain('調達予定価格情報');
    expect(recommendClassification(micProfile, answersWith({ notPublic: 'yes' })).levels.confidentiality).toBe('2');
  });

  it('asks whether the document is designated secret, which a clerk can answer, instead of 「法令の守秘義務」', () => {
    const secret = micProfile.questions.find((q) => q.id === 'secret')!;
    expect(secret.text).toMatch(/秘密文書.*指定/);
    expect(secret.text).not.toMatch(/守秘義務|入札予定価格/);
    // The criteria say why a statutory duty alone (地方公務員法第34条 and the like) is not enough.
    expect(secret.criteria).toMatch(/守秘義務.*それだけでは秘密文書に当たりません/);
  });

  it('cites every level, the lowest too (機密性1 「機密性2又は機密性3の情報以外の情報」)', () => {
    for (const objective of micProfile.objectives) for (const l of objective.levels) expect(l.article).toMatch(/^総務省「地方公共団体における情報セキュリティポリシーに関するガイドライン」 /);
    expect(c('1').definition).toBe('機密性2又は機密性3の情報以外の情報');
  });

  it('limits 完全性2 and 可用性2 to electronic information: the guideline says 「（書面を除く。）」', () => {
    for (const id of ['integrity', 'availability']) {
      const objective = micProfile.objectives.find((o) => o.id === id)!;
      expect(objective.levels[1]!.definition).toContain('（書面を除く。）');
      expect(objective.levels[1]!.appliesTo).toEqual({ media: ['electronic'] });
    }
    const answers = answersWith({ integrityImpact: 'yes', availabilityImpact: 'yes' });
    expect(recommendClassification(micProfile, answers, { medium: 'paper' }).levels).toMatchObject({ integrity: '1', availability: '1' });
    expect(recommendClassification(micProfile, answers, { medium: 'electronic' }).levels).toMatchObject({ integrity: '2', availability: '2' });
  });

  it('keeps the review interval as profile data without claiming an article that sets it', () => {
    expect(micProfile.review.intervalMonths).toBe(12);
    expect(micProfile.review.note).toMatch(/定めていません/);
  });
});
