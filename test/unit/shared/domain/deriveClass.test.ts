import { describe, expect, it } from 'vitest';
import { assetEffectiveLevels, assetHandling, combineLevels, createsCycle, deriveClass, derivedExceedsOwn, effectiveLevels, handlingLevels, undecidedReasonText, type ContainmentNode, type HandlingSubject } from '../../../../shared/domain/deriveClass';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

const node = (id: string, level: string | null, contents: string[] = [], profileId = 'nishinomiya'): ContainmentNode => ({
  id,
  managementNumber: `SM-${id}`,
  contents,
  classification: level ? { profileId, levels: { importance: level }, recommended: { importance: level }, state: 'approved' } : null,
  kind: contents.length > 0 ? 'recordingMedium' : 'information',
  personalInfoKind: 'none',
});
const graph = (...nodes: ContainmentNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('deriveClass', () => {
  it('returns the highest class of a mixed-content USB memory, naming the assets it came from', () => {
    const nodes = graph(node('usb', 'C', ['a', 'b', 'c']), node('a', 'B'), node('b', 'A'), node('c', 'C'));
    expect(deriveClass(nishinomiyaProfile, nodes, 'usb')).toEqual({ levels: { importance: 'A' }, sources: { importance: ['SM-b'] }, handling: { importance: 'A' }, undecided: [] });
  });

  it('keeps the manual level: derivation reports, combine takes the stricter', () => {
    const nodes = graph(node('usb', 'A', ['a']), node('a', 'C'));
    const derived = deriveClass(nishinomiyaProfile, nodes, 'usb');
    expect(derived?.levels).toEqual({ importance: 'C' });
    expect(nodes.get('usb')!.classification!.levels).toEqual({ importance: 'A' });
    expect(combineLevels(nishinomiyaProfile, { importance: 'A' }, derived?.levels)).toEqual({ importance: 'A' });
    expect(derivedExceedsOwn(nishinomiyaProfile, { importance: 'A' }, derived?.levels)).toBe(false);
    expect(derivedExceedsOwn(nishinomiyaProfile, { importance: 'C' }, { importance: 'B' })).toBe(true);
  });

  it('returns the class through a deep chain (tape > backup set > system > information)', () => {
    const chain: ContainmentNode[] = [];
    for (let i = 0; i < 50; i++) chain.push(node(`n${i}`, i === 49 ? 'A' : null, i < 49 ? [`n${i + 1}`] : []));
    const nodes = graph(...chain);
    expect(deriveClass(nishinomiyaProfile, nodes, 'n0')).toMatchObject({ levels: { importance: 'A' }, sources: { importance: ['SM-n1'] } });
    // The unclassified links of the chain are undecided, so handling is the strictest whatever the leaf says.
    expect(deriveClass(nishinomiyaProfile, nodes, 'n0')?.undecided).toHaveLength(48);
    expect(effectiveLevels(nishinomiyaProfile, nodes, 'n25')).toEqual({ importance: 'A' });
  });

  it('returns null for an asset without contents, and names unclassified contents as undecided', () => {
    expect(deriveClass(nishinomiyaProfile, graph(node('x', 'B')), 'x')).toBeNull();
    expect(deriveClass(nishinomiyaProfile, graph(node('x', 'B', ['y']), node('y', null)), 'x')).toEqual({ levels: {}, sources: {}, handling: { importance: 'A' }, undecided: ['SM-y'] });
  });

  it('gives no class from contents classified under another profile, and names them as undecided', () => {
    const nodes = graph(node('usb', 'C', ['m']), node('m', 'A', [], 'mic'));
    expect(deriveClass(nishinomiyaProfile, nodes, 'usb')).toMatchObject({ levels: {}, undecided: ['SM-m'] });
  });

  it('counts a proposed content at the strictest of its proposal, its recommendation and its ledger facts', () => {
    const file: ContainmentNode = { id: 'f', managementNumber: 'SM-f', contents: [], kind: 'information', personalInfoKind: 'personal', classification: { profileId: 'nishinomiya', levels: { importance: 'C' }, recommended: { importance: 'C' }, state: 'proposed' } };
    expect(deriveClass(nishinomiyaProfile, graph(node('usb', 'C', ['f']), file), 'usb')).toEqual({ levels: { importance: 'C' }, sources: { importance: ['SM-f'] }, handling: { importance: 'A' }, undecided: [] });
  });

  it('names an empty medium inside a container as undecided, and a content missing from the snapshot', () => {
    const empty: ContainmentNode = { ...node('inner', 'C'), kind: 'recordingMedium', classification: { profileId: 'nishinomiya', levels: { importance: 'C' }, state: 'proposed' } };
    expect(deriveClass(nishinomiyaProfile, graph(node('box', 'C', ['inner']), empty), 'box')?.undecided).toEqual(['SM-inner']);
    expect(deriveClass(nishinomiyaProfile, graph(node('box', 'C', ['ghost'])), 'box')?.undecided).toEqual(['ghost']);
  });

  it('derives each objective separately under a multi-objective profile', () => {
    const nodes = new Map<string, ContainmentNode>([
      ['sys', { id: 'sys', managementNumber: 'SYS', contents: ['x', 'y'], classification: { profileId: 'mic', levels: { confidentiality: '1', integrity: '1', availability: '2' } } }],
      ['x', { id: 'x', managementNumber: 'X', contents: [], classification: { profileId: 'mic', levels: { confidentiality: '3', integrity: '1', availability: '1' } } }],
      ['y', { id: 'y', managementNumber: 'Y', contents: [], classification: { profileId: 'mic', levels: { confidentiality: '2', integrity: '2', availability: '1' } } }],
    ]);
    expect(deriveClass(micProfile, nodes, 'sys')).toEqual({
      levels: { confidentiality: '3', integrity: '2', availability: '1' },
      sources: { confidentiality: ['X'], integrity: ['Y'], availability: ['X', 'Y'] },
      handling: { confidentiality: '3', integrity: '2', availability: '1' },
      undecided: [],
    });
    expect(effectiveLevels(micProfile, nodes, 'sys')).toEqual({ confidentiality: '3', integrity: '2', availability: '2' });
  });

  it('terminates on a cycle already in stored data', () => {
    const nodes = graph(node('a', 'C', ['b']), node('b', 'B', ['a']));
    expect(effectiveLevels(nishinomiyaProfile, nodes, 'a')).toEqual({ importance: 'B' });
  });
});

describe('createsCycle', () => {
  const nodes = graph(node('tape', null, ['set']), node('set', null, ['sys']), node('sys', null, ['info']), node('info', null));

  it.each([
    ['an asset holding itself', 'info', ['info'], true],
    ['the innermost holding the outermost', 'info', ['tape'], true],
    ['a middle one holding its container', 'sys', ['set'], true],
    ['a new container of the chain', 'box', ['tape'], false],
    ['a sibling holding another leaf', 'set', ['sys', 'info'], false],
  ])('returns whether %s is a cycle', (_name, container, contents, expected) => {
    expect(createsCycle(nodes, container as string, contents as string[])).toBe(expected);
  });
});

describe('assetEffectiveLevels', () => {
  it('returns the stricter of own and derived, and ignores an own class under another profile', () => {
    expect(assetEffectiveLevels(nishinomiyaProfile, { classification: { profileId: 'nishinomiya', levels: { importance: 'C' } }, derived: { levels: { importance: 'B' }, sources: { importance: ['X'] } } })).toEqual({ importance: 'B' });
    expect(assetEffectiveLevels(nishinomiyaProfile, { classification: { profileId: 'mic', levels: { confidentiality: '3' } }, derived: null })).toEqual({});
    expect(assetEffectiveLevels(nishinomiyaProfile, { classification: null, derived: null })).toEqual({});
  });
});

const approved = (level: string, recommended = level) => ({ profileId: 'nishinomiya', levels: { importance: level }, recommended: { importance: recommended }, state: 'approved' as const });
const proposed = (level: string, recommended = level) => ({ ...approved(level, recommended), state: 'proposed' as const });
const decided = (level: string, undecided: string[] = []) => ({ levels: { importance: level }, sources: { importance: ['X'] }, handling: { importance: level }, undecided });

describe('handlingLevels', () => {
  it.each<[string, HandlingSubject, Record<string, string>]>([
    ['an unclassified asset with personal information (【03】第4条 A)', { personalInfoKind: 'specificPersonal', classification: null, derived: null }, { importance: 'A' }],
    ['an unclassified asset without personal information: undecided, so the strictest (【03】第6条3)', { personalInfoKind: 'none', classification: null, derived: null }, { importance: 'A' }],
    ['a class under another profile: undecided here', { personalInfoKind: 'none', classification: { profileId: 'mic', levels: { confidentiality: '1' }, state: 'approved' }, derived: null }, { importance: 'A' }],
    ['an approved class below the recommendation: the manager decided', { personalInfoKind: 'personal', classification: approved('B', 'A'), derived: null }, { importance: 'B' }],
    ['a proposal lowered below its recommendation: the recommendation until approved', { personalInfoKind: 'none', classification: proposed('C', 'B'), derived: null }, { importance: 'B' }],
    ['a proposal of C for personal data: the ledger facts give A until approved', { personalInfoKind: 'personal', classification: proposed('C', 'C'), derived: null }, { importance: 'A' }],
    ['a stored proposal without a state (older record): read as a proposal', { personalInfoKind: 'personal', classification: { profileId: 'nishinomiya', levels: { importance: 'C' } }, derived: null }, { importance: 'A' }],
    ['an approved container: what the contents give still wins', { kind: 'recordingMedium', contents: ['x'], personalInfoKind: 'none', classification: approved('C'), derived: decided('B') }, { importance: 'B' }],
    ['an approved container holding an unclassified content', { kind: 'recordingMedium', contents: ['x', 'y'], personalInfoKind: 'none', classification: approved('C'), derived: decided('C', ['SM-y']) }, { importance: 'A' }],
    ['an approved container whose derived class predates handling', { kind: 'recordingMedium', contents: ['x'], personalInfoKind: 'none', classification: approved('C'), derived: { levels: { importance: 'C' }, sources: { importance: ['X'] } } }, { importance: 'A' }],
    ['a container whose contents were never derived', { kind: 'system', contents: ['x'], personalInfoKind: 'none', classification: approved('C'), derived: null }, { importance: 'A' }],
    ['an empty medium proposed as C', { kind: 'recordingMedium', contents: [], personalInfoKind: 'none', classification: proposed('C'), derived: null }, { importance: 'A' }],
    ['an empty medium approved as C: the manager decided', { kind: 'recordingMedium', contents: [], personalInfoKind: 'none', classification: approved('C'), derived: null }, { importance: 'C' }],
    ['an empty system approved or not: only media are undecided when empty', { kind: 'system', contents: [], personalInfoKind: 'none', classification: proposed('C'), derived: null }, { importance: 'C' }],
  ])('returns the levels for %s', (_name, asset, expected) => {
    expect(handlingLevels(nishinomiyaProfile, asset)).toEqual(expected);
  });

  it('returns the profile\'s highest level of every objective while undecided under the multi-objective profile', () => {
    expect(handlingLevels(micProfile, { personalInfoKind: 'none', classification: null, derived: null })).toEqual({ confidentiality: '3', integrity: '2', availability: '2' });
  });
});

describe('assetHandling', () => {
  it('returns every reason for the strictest handling, each as a sentence citing 【03】第6条3', () => {
    const result = assetHandling(nishinomiyaProfile, { kind: 'recordingMedium', contents: ['x'], personalInfoKind: 'none', classification: null, derived: decided('C', ['SM-00007']) });
    expect(result.undecided).toEqual([{ kind: 'unclassified' }, { kind: 'contents', managementNumbers: ['SM-00007'] }]);
    for (const reason of result.undecided) expect(undecidedReasonText(reason)).toMatch(/【03】第6条3/);
    expect(undecidedReasonText(result.undecided[1]!)).toContain('SM-00007');
  });

  it('returns no reason once everything is decided', () => {
    expect(assetHandling(nishinomiyaProfile, { kind: 'recordingMedium', contents: ['x'], personalInfoKind: 'none', classification: approved('C'), derived: decided('B') })).toEqual({ levels: { importance: 'B' }, undecided: [] });
  });

  it('names an empty medium and one classified under another profile', () => {
    expect(assetHandling(nishinomiyaProfile, { kind: 'recordingMedium', personalInfoKind: 'none', classification: { profileId: 'kobe', levels: {} }, derived: null }).undecided).toEqual([{ kind: 'otherProfile', profileId: 'kobe' }, { kind: 'emptyMedium' }]);
  });
});
