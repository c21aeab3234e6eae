/* eslint-disable @typescript-eslint/no-explicit-any -- these tests break a profile field by field, whatever its shape */
import { describe, expect, it } from 'vitest';
import { deriveImportance, handlingFor, parsePolicyProfile } from '../../../../shared/domain/policyProfile';
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

describe('handlingFor', () => {
  const topics = (level: string) => handlingFor(nishinomiyaProfile, 'importance', level).map((h) => `${h.topic}:${h.article}`);

  it('returns for A the fire-proof storage, backup and every B rule, each citing its article', () => {
    expect(topics('A')).toEqual(expect.arrayContaining(['storage:【03】第7条', 'backup:【03】第11条', 'encryption:【03】第7条4', 'externalProvision:【03】第9条', 'takeOut:【03】第9条2・3', 'disposal:【03】第14条', 'cloud:【02】第7条', 'socialMedia:【02】第8条']));
  });

  it('returns one rule per topic: the strictest that applies', () => {
    expect(topics('A')).not.toContain('storage:【03】第7条2');
    expect(topics('A')).not.toContain('disposal:【03】第14条2');
    expect(topics('A')).toHaveLength(new Set(handlingFor(nishinomiyaProfile, 'importance', 'A').map((h) => h.topic)).size);
  });

  it('returns for B the lockable storage but no backup duty, and for C only the disposal record', () => {
    expect(topics('B')).toContain('storage:【03】第7条2');
    expect(topics('B')).not.toContain('backup:【03】第11条');
    expect(topics('C')).toEqual(['disposal:【03】第14条2']);
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
