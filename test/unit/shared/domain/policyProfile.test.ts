/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break a profile field by field, whatever its shape */
import { describe, expect, it } from 'vitest';
import { appliesTo, deriveImportance, handlingFor, highestLevels, levelIn, parsePolicyProfile, requiresEncryption, requiresSecureDisposal, topicName, type PolicyProfile } from '../../../../shared/domain/policyProfile';
import { recommendClassification } from '../../../../shared/domain/recommendClassification';
import { proposeClassification } from '../../../../shared/domain/classification';
import mic from '../../../../shared/domain/profiles/mic.json' with { type: 'json' };
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import nishinomiya from '../../../../shared/domain/profiles/nishinomiya.json' with { type: 'json' };

const clone = () => structuredClone(nishinomiya) as Record<string, any>;

describe('parsePolicyProfile', () => {
  it('returns the bundled profiles as valid', () => {
    expect(nishinomiyaProfile.objectives[0]!.levels.map((l) => l.id)).toEqual(['C', 'B', 'A']);
    expect(micProfile.objectives.map((o) => [o.id, o.levels.map((l) => l.id)])).toEqual([
      ['confidentiality', ['1', '2', '3']],
      ['integrity', ['1', '2']],
      ['availability', ['1', '2']],
    ]);
  });

  it('keeps the seven non-disclosure grounds of 第4条 B as their own questions and rules', () => {
    const grounds = nishinomiyaProfile.rules.filter((r) => r.minLevel === 'B' && r.article.includes('要件('));
    expect(grounds.map((r) => r.article)).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `【03】第4条（重要性分類B 要件(${n})）`));
  });

  it.each<[string, (p: Record<string, any>) => void, string, RegExp]>([
    ['not a profile at all', (p) => (p.format = 'excel'), 'format', /分類基準ファイルではありません/],
    ['a rule naming an unknown level', (p) => (p.rules[0].minLevel = 'S'), 'rules[0].minLevel', /段階「S」/],
    ['a rule naming an unknown question', (p) => (p.rules[1].when.question = 'nope'), 'rules[1].when.question', /質問「nope」/],
    ['a rule with an answer the question does not offer', (p) => (p.rules[0].when.answers = ['maybe']), 'rules[0].when.answers[0]', /回答「maybe」/],
    ['a duplicate question id', (p) => (p.questions[1].id = p.questions[0].id), 'questions[1].id', /重複/],
    ['a level without a label mark', (p) => delete p.label.marks.B, 'label.marks.B', /表示記号がありません/],
    ['a label mark that spells the class', (p) => (p.label.marks.A.symbol = 'A'), 'label.marks.A.symbol', /分類名/],
    ['a label mark saying 機密', (p) => (p.label.marks.A.symbol = '機密'), 'label.marks.A.symbol', /分類名/],
    ['a bad colour', (p) => (p.label.marks.C.colour = 'green'), 'label.marks.C.colour', /#RRGGBB/],
    ['an unknown kind to label', (p) => (p.label.kinds = ['usbStick']), 'label.kinds[0]', /./],
    ['an objective with one level', (p) => (p.objectives[0].levels = p.objectives[0].levels.slice(0, 1)), 'objectives[0].levels', /2つ以上/],
    ['handling for an unknown objective', (p) => (p.handling[0].objective = 'x'), 'handling[0].objective', /観点「x」/],
    ['an empty question text', (p) => (p.questions[0].text = '  '), 'questions[0].text', /空にできません/],
    ['a script in an id', (p) => (p.id = '<script>'), 'id', /英数字/],
    ['a skip on an unknown question', (p) => (p.questions[6].skipWhen.question = 'zzz'), 'questions[6].skipWhen.question', /質問「zzz」/],
  ])('refuses %s, naming the field', (_name, breakIt, field, message) => {
    const profile = clone();
    breakIt(profile);
    const result = parsePolicyProfile(profile);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.field).toBe(field);
      expect(result.message).toMatch(message);
    }
  });

  it.each([null, 42, 'profile', [], {}])('refuses %j', (value) => {
    expect(parsePolicyProfile(value).ok).toBe(false);
  });
});

/** Parses a profile that must be valid (a test's own construction). */
function valid(data: unknown): PolicyProfile {
  const result = parsePolicyProfile(data);
  if (!result.ok) throw new Error(`${result.field}: ${result.message}`);
  return result.profile;
}

describe('parsePolicyProfile: the strict schema', () => {
  it.each<[string, (p: Record<string, any>) => void, string]>([
    ['an unknown top-level key', (p) => (p.reviewEvery = 12), 'reviewEvery'],
    ['a rule with an extra condition (it would fire more widely if dropped)', (p) => (p.rules[0].unless = { question: 'published', answers: ['yes'] }), 'rules[0].unless'],
    ['an unknown key in a rule condition', (p) => (p.rules[1].when.except = ['no']), 'rules[1].when.except'],
    ['an unknown key in a level', (p) => (p.objectives[0].levels[2].colour = 'red'), 'objectives[0].levels[2].colour'],
    ['an unknown key in a question', (p) => (p.questions[0].hint = 'x'), 'questions[0].hint'],
    ['an unknown key in an option', (p) => (p.questions[0].options[0].weight = 1), 'questions[0].options[0].weight'],
    ['an unknown key in a handling rule', (p) => (p.handling[0].maxLevel = 'A'), 'handling[0].maxLevel'],
    ['an unknown key in the label', (p) => (p.label.size = 'A4'), 'label.size'],
    ['an unknown key in a label mark', (p) => (p.label.marks.A.font = 'x'), 'label.marks.A.font'],
    ['an unknown key in appliesTo', (p) => (p.rules[0].appliesTo = { forms: ['paper'] }), 'rules[0].appliesTo.forms'],
    ['an unknown key in a ledger condition', (p) => (p.rules[0].ledger = { segment: ['lgwan'] }), 'rules[0].ledger.segment'],
    ['an unknown key in the review', (p) => (p.review = { intervalMonths: 12, article: '【03】第3条3', every: 1 }), 'review.every'],
    ['both the old and the new review interval', (p) => (p.review = { intervalMonths: 12, article: '【03】第3条3' }, p.reviewIntervalMonths = 6), 'reviewIntervalMonths'],
  ])('refuses %s, naming the path', (_name, breakIt, field) => {
    const profile = clone();
    breakIt(profile);
    const result = parsePolicyProfile(profile);
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(/分類基準にない項目/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('refuses %s as an id wherever ids are used', (reserved) => {
    const places: [string, (p: Record<string, any>) => void, string][] = [
      ['profile', (p) => (p.id = reserved), 'id'],
      ['objective', (p) => (p.objectives[0].id = reserved), 'objectives[0].id'],
      ['level', (p) => (p.objectives[0].levels[2].id = reserved), 'objectives[0].levels[2].id'],
      ['question', (p) => (p.questions[1].id = reserved), 'questions[1].id'],
      ['option', (p) => (p.questions[0].options[1].value = reserved), 'questions[0].options[1].value'],
      ['rule', (p) => (p.rules[0].id = reserved), 'rules[0].id'],
      ['topic', (p) => (p.topics = [{ id: reserved, name: 'x' }]), 'topics[0].id'],
    ];
    for (const [, breakIt, field] of places) {
      const profile = clone();
      breakIt(profile);
      const result = parsePolicyProfile(profile);
      expect(result).toMatchObject({ ok: false, field });
      if (!result.ok) expect(result.message).toMatch(/予約/);
    }
  });

  it('refuses a label mark keyed __proto__ in JSON, which would otherwise replace the marks\' prototype', () => {
    const text = JSON.stringify(nishinomiya).replace('"marks":{', '"marks":{"__proto__":{"symbol":"#","colour":"#000000"},');
    const result = parsePolicyProfile(JSON.parse(text));
    expect(result.ok).toBe(false);
    expect(result).toEqual({ ok: false, field: 'label.marks.__proto__', message: expect.stringMatching(/予約/) });
  });

  it.each<[string, (p: Record<string, any>) => void, string, RegExp]>([
    ['a rule with neither an answer nor a ledger condition', (p) => delete p.rules[0].when, 'rules[0]', /when.*ledger/],
    ['an empty ledger condition', (p) => (p.rules[0].ledger = {}), 'rules[0].ledger', /1つ以上/],
    ['a ledger condition on an unknown network segment', (p) => (p.rules[0].ledger = { networkSegments: ['cloud'] }), 'rules[0].ledger.networkSegments[0]', /./],
    ['a handling rule on a topic the profile does not list', (p) => (p.handling[0].topic = 'fax'), 'handling[0].topic', /topics/],
    ['a duplicate topic', (p) => (p.topics = [{ id: 'storage', name: '保管' }, { id: 'storage', name: '保管2' }]), 'topics[1].id', /重複/],
    ['appliesTo on the lowest level (every asset has it)', (p) => (p.objectives[0].levels[0].appliesTo = { media: ['electronic'] }), 'objectives[0].levels[0].appliesTo', /最も低い段階/],
    ['a floor on a question without the levels as options', (p) => (p.floors = [{ question: 'secrecyDuty', objective: 'importance', article: '【03】第6条2', reason: 'x' }]), 'floors[0].question', /入手元/],
    ['a floor on an unknown question', (p) => (p.floors = [{ question: 'nope', objective: 'importance', article: '【03】第6条2', reason: 'x' }]), 'floors[0].question', /質問「nope」/],
    ['a mark for a level the objective does not have', (p) => (p.label.marks.S = { symbol: '☆', colour: '#000000' }), 'label.marks.S', /段階「S」/],
    ['a review every 0 months', (p) => (p.review = { intervalMonths: 0, article: 'x' }), 'review.intervalMonths', /./],
    ['a review without its basis', (p) => (p.review = { intervalMonths: 12 }), 'review.article', /./],
    ['a duplicate level id', (p) => (p.objectives[0].levels[1].id = 'C'), 'objectives[0].levels[1].id', /重複/],
    ['a duplicate rule id', (p) => (p.rules[1].id = p.rules[0].id), 'rules[1].id', /重複/],
    ['a duplicate objective id', (p) => p.objectives.push(structuredClone(p.objectives[0])), 'objectives[1].id', /重複/],
    ['a skip on an answer the question does not offer', (p) => (p.questions[6].skipWhen.answers = ['maybe']), 'questions[6].skipWhen.answers[0]', /回答「maybe」/],
    ['a handling rule naming an unknown level', (p) => (p.handling[0].minLevel = 'S'), 'handling[0].minLevel', /段階「S」/],
    ['secure disposal from an unknown level', (p) => (p.secureDisposal.minLevel = 'S'), 'secureDisposal.minLevel', /段階「S」/],
    ['a container kind that does not exist', (p) => (p.containment = { kinds: ['usbStick'], undecidedWhenEmpty: [] }), 'containment.kinds[0]', /./],
    ['a floor on an unknown objective', (p) => (p.floors = [{ question: 'receivedFrom', objective: 'nope', article: '【03】第6条2', reason: 'x' }]), 'floors[0].objective', /観点「nope」/],
    ['appliesTo an unknown form', (p) => (p.rules[0].appliesTo = { media: ['fax'] }), 'rules[0].appliesTo.media[0]', /./],
  ])('refuses %s', (_name, breakIt, field, message) => {
    const profile = clone();
    delete profile.reviewIntervalMonths;
    profile.review ??= { intervalMonths: 12, article: '【03】第3条3' };
    breakIt(profile);
    const result = parsePolicyProfile(profile);
    expect(result).toMatchObject({ ok: false, field });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('loads a profile written before the strict schema, moving reviewIntervalMonths into review with an honest citation', () => {
    const legacy = structuredClone(mic) as Record<string, any>;
    delete legacy.review;
    delete legacy.containment;
    legacy.reviewIntervalMonths = 6;
    const profile = valid(legacy);
    expect(profile.review).toEqual({ intervalMonths: 6, article: '（この分類基準は見直しの根拠を記載していません）' });
    expect(profile.topics.map((t) => t.id)).toEqual(expect.arrayContaining(['storage', 'copying', 'transport', 'outsideAccess']));
    expect(profile.containment.kinds).toEqual(['recordingMedium', 'system', 'equipment']);
  });
});

describe('lookups by id', () => {
  it('reads levels only as own properties, so a prototype never supplies a level', () => {
    const inherited = Object.create({ importance: 'A' }) as Record<string, string>;
    expect(levelIn(inherited, 'importance')).toBeUndefined();
    expect(requiresEncryption(nishinomiyaProfile, inherited)).toBe(false);
    const parsed = JSON.parse('{"__proto__": {"importance": "A"}}') as Record<string, string>;
    expect(levelIn(parsed, 'importance')).toBeUndefined();
    expect(requiresSecureDisposal(nishinomiyaProfile, parsed)).toBe(false);
    expect(requiresEncryption(nishinomiyaProfile, { importance: 'A' })).toBe(true);
  });

  it('returns nothing for toString or constructor as an objective or topic', () => {
    expect(handlingFor(nishinomiyaProfile, 'toString', 'A')).toEqual([]);
    expect(handlingFor(nishinomiyaProfile, 'constructor', 'A')).toEqual([]);
    expect(topicName(nishinomiyaProfile, 'constructor')).toBe('constructor');
  });
});

describe('new expressive power', () => {
  it('lets an office add its own handling topic, named and cited like the others', () => {
    const p = clone();
    delete p.topics;
    p.topics = [...(valid(clone()).topics), { id: 'fax', name: 'FAX送信' }];
    p.handling.push({ objective: 'importance', minLevel: 'B', topic: 'fax', text: '送信前に宛先を2人で確認する。', article: '市民課 運用要領 第3条' });
    const profile = valid(p);
    expect(topicName(profile, 'fax')).toBe('FAX送信');
    expect(handlingFor(profile, 'importance', 'A').map((h) => h.topic)).toContain('fax');
    expect(handlingFor(profile, 'importance', 'C').map((h) => h.topic)).not.toContain('fax');
  });

  it('limits a rule and a level to some forms (appliesTo); unknown facts are covered', () => {
    const p = structuredClone(mic) as Record<string, any>;
    p.objectives[1].levels[1].appliesTo = { media: ['electronic'] };
    const profile = valid(p);
    const answers = { personalInfo: 'none', secret: 'no', published: 'no', notPublic: 'no', integrityImpact: 'yes', availabilityImpact: 'no' };
    expect(recommendClassification(profile, answers, { medium: 'electronic' }).levels.integrity).toBe('2');
    expect(recommendClassification(profile, answers, { medium: 'paper' }).levels.integrity).toBe('1');
    expect(recommendClassification(profile, answers).levels.integrity).toBe('2');
    expect(highestLevels(profile, { medium: 'paper' }).integrity).toBe('1');
    expect(highestLevels(profile, { medium: 'electronic' }).integrity).toBe('2');
    expect(appliesTo({ kinds: ['recordingMedium'] }, { kind: 'system' })).toBe(false);
    expect(appliesTo({ kinds: ['recordingMedium'] }, {})).toBe(true);
  });

  it('limits a handling rule to some kinds', () => {
    const p = clone();
    p.topics.push({ id: 'copying', name: '複製' });
    p.handling.push({ objective: 'importance', minLevel: 'B', topic: 'copying', text: '媒体の複製は許可を得る。', article: '【03】第8条', appliesTo: { kinds: ['recordingMedium'] } });
    const profile = valid(p);
    expect(handlingFor(profile, 'importance', 'B', { kind: 'recordingMedium' }).map((h) => h.topic)).toContain('copying');
    expect(handlingFor(profile, 'importance', 'B', { kind: 'paperDocument' }).map((h) => h.topic)).not.toContain('copying');
    // The bundled backup duty covers electronic data only (【03】第11条 「電子データおよびソフトウェア」).
    expect(handlingFor(nishinomiyaProfile, 'importance', 'A', { medium: 'paper' }).map((h) => h.topic)).not.toContain('backup');
    expect(handlingFor(nishinomiyaProfile, 'importance', 'A', { medium: 'electronic' }).map((h) => h.topic)).toContain('backup');
  });

  it.each<[string, Record<string, any>, Record<string, string> | undefined, string]>([
    ['the network segment holds', { networkSegments: ['myNumber'] }, { networkSegment: 'myNumber' }, 'B'],
    ['the network segment differs', { networkSegments: ['myNumber'] }, { networkSegment: 'lgwan' }, 'C'],
    ['the network segment is not known', { networkSegments: ['myNumber'] }, undefined, 'C'],
    ['the kind holds', { kinds: ['system'] }, { kind: 'system' }, 'B'],
    ['the kind differs', { kinds: ['system'] }, { kind: 'paperDocument' }, 'C'],
    ['the personal-information kind holds', { personalInfoKinds: ['sensitive'] }, { personalInfoKind: 'sensitive' }, 'B'],
    ['every listed field must hold', { kinds: ['system'], networkSegments: ['myNumber'] }, { kind: 'system', networkSegment: 'lgwan' }, 'C'],
  ])('fires a rule on ledger fields when %s', (_name, ledger, facts, expected) => {
    const p = clone();
    p.rules.push({ id: 'segment-B', ledger, objective: 'importance', minLevel: 'B', article: '市民課 運用要領 第2条', reason: 'マイナンバー利用事務系で扱う情報' });
    const profile = valid(p);
    const answers = Object.fromEntries(profile.questions.map((q) => [q.id, q.options ? 'none' : 'no']));
    const result = recommendClassification(profile, answers, facts);
    expect(result.levels.importance).toBe(expected);
    if (expected === 'B') expect(result.reasons.find((r) => r.ruleId === 'segment-B')?.question).toMatch(/^台帳の登録内容（/);
  });

  it('names the ledger field in the reason: 台帳の登録内容（ネットワーク区分: マイナンバー利用事務系）', () => {
    const p = clone();
    p.rules.push({ id: 'segment-B', ledger: { networkSegments: ['myNumber'] }, objective: 'importance', minLevel: 'B', article: '運用要領', reason: 'x' });
    const profile = valid(p);
    const answers = Object.fromEntries(profile.questions.map((q) => [q.id, q.options ? 'none' : 'no']));
    expect(recommendClassification(profile, answers, { networkSegment: 'myNumber' }).reasons.find((r) => r.ruleId === 'segment-B')?.question).toBe('台帳の登録内容（ネットワーク区分: マイナンバー利用事務系）');
  });

  it('keeps the originator\'s class as a floor no justification lowers (【03】第6条2)', () => {
    const p = clone();
    p.questions.push({
      id: 'origin', text: '庁内の他部門が作成した情報を入手したものですか。', criteria: '入手元の重要性分類に基づいた取扱いをしなければならない。', article: '【03】第6条2',
      options: [{ value: 'none', label: 'いいえ' }, { value: 'C', label: 'はい（入手元の分類はC）' }, { value: 'B', label: 'はい（入手元の分類はB）' }, { value: 'A', label: 'はい（入手元の分類はA）' }],
    });
    p.floors = [{ question: 'origin', objective: 'importance', article: '【03】第6条2', reason: '庁内の他部門が作成した情報を入手した者は、入手元の重要性分類に基づいた取扱いをしなければならない。' }];
    const profile = valid(p);
    const answers = { ...Object.fromEntries(profile.questions.map((q) => [q.id, q.options ? 'none' : 'no'])), origin: 'B' };
    const recommendation = recommendClassification(profile, answers);
    expect(recommendation.levels.importance).toBe('B');
    expect(recommendation.floors).toEqual({ importance: 'B' });
    expect(recommendation.reasons.at(-1)).toMatchObject({ ruleId: 'floor-origin', level: 'B', article: '【03】第6条2' });
    const context = { actor: '佐藤', now: 'now' };
    expect(proposeClassification(profile, recommendation, answers, { importance: 'C' }, '入手元の分類が過大だと思われるため', context)).toEqual({ ok: false, reason: 'below-floor' });
    expect(proposeClassification(profile, recommendation, answers, { importance: 'A' }, '', context).ok).toBe(true);
    // Not received from another section: no floor.
    expect(recommendClassification(profile, { ...answers, origin: 'none' }).floors).toEqual({});
  });
});

describe('handlingFor', () => {
  const topics = (level: string) => handlingFor(nishinomiyaProfile, 'importance', level).map((h) => `${h.topic}:${h.article}`);

  it('returns for A the fire-proof storage, backup and every B rule, each citing its article', () => {
    expect(topics('A')).toEqual(
      expect.arrayContaining([
        'storage:【03】第7条', 'backup:【03】第11条', 'encryption:【03】第7条4', 'externalProvision:【03】第9条', 'takeOut:【03】第9条2', 'takeOut:【03】第9条3',
        'transport:【03】第9条4', 'outsideAccess:【09】第8条', 'disposal:【03】第14条', 'disposalRecord:【03】第14条2', 'cloud:【02】第7条', 'socialMedia:【02】第8条2',
      ]),
    );
  });

  it('returns per topic only the rules of the strictest level that applies', () => {
    expect(topics('A')).not.toContain('storage:【03】第7条2');
    expect(topics('A').filter((t) => t.startsWith('storage:'))).toEqual(['storage:【03】第7条']);
    // Two sentences of one level stay together: 第9条2 (permission) and 第9条3 (record and measures).
    expect(topics('B').filter((t) => t.startsWith('takeOut:'))).toEqual(['takeOut:【03】第9条2', 'takeOut:【03】第9条3']);
  });

  it('returns for B the lockable storage but no backup duty, and for C only the disposal permission and record', () => {
    expect(topics('B')).toContain('storage:【03】第7条2');
    expect(topics('B')).not.toContain('backup:【03】第11条');
    expect(topics('C')).toEqual(['disposalRecord:【03】第14条2']);
  });

  it('names topics as the profile does: 郵便等による配送 (【03】第9条4) and 外部組織のアクセス (【09】第8条)', () => {
    expect(topicName(nishinomiyaProfile, 'transport')).toBe('郵便等による配送');
    expect(topicName(nishinomiyaProfile, 'outsideAccess')).toBe('外部組織のアクセス');
  });

  it('returns nothing for an unknown level or objective', () => {
    expect(handlingFor(nishinomiyaProfile, 'importance', 'Z')).toEqual([]);
    expect(handlingFor(nishinomiyaProfile, 'nope', 'A')).toEqual([]);
  });
});

describe('deriveImportance', () => {
  it.each([
    [{ confidentiality: '3', integrity: '1', availability: '1' }, 'high'],
    [{ confidentiality: '1', integrity: '2', availability: '1' }, 'high'],
    [{ confidentiality: '1', integrity: '1', availability: '2' }, 'high'],
    [{ confidentiality: '2', integrity: '1', availability: '1' }, 'medium'],
    [{ confidentiality: '1', integrity: '1', availability: '1' }, 'low'],
  ])('returns the mic 重要度 for %j as %s', (levels, expected) => {
    expect(deriveImportance(micProfile, levels)).toBe(expected);
  });

  it('returns undefined for a profile without one', () => {
    expect(deriveImportance(nishinomiyaProfile, { importance: 'A' })).toBeUndefined();
  });
});
