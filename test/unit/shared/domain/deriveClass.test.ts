import { describe, expect, it } from 'vitest';
import { assetEffectiveLevels, combineLevels, createsCycle, deriveClass, derivedExceedsOwn, effectiveLevels, handlingLevels, type ContainmentNode } from '../../../../shared/domain/deriveClass';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

const node = (id: string, level: string | null, contents: string[] = [], profileId = 'nishinomiya'): ContainmentNode => ({
  id,
  managementNumber: `SM-${id}`,
  contents,
  classification: level ? { profileId, levels: { importance: level } } : null,
});
const graph = (...nodes: ContainmentNode[]) => new Map(nodes.map((n) => [n.id, n]));

describe('deriveClass', () => {
  it('returns the highest class of a mixed-content USB memory, naming the assets it came from', () => {
    const nodes = graph(node('usb', 'C', ['a', 'b', 'c']), node('a', 'B'), node('b', 'A'), node('c', 'C'));
    expect(deriveClass(nishinomiyaProfile, nodes, 'usb')).toEqual({ levels: { importance: 'A' }, sources: { importance: ['SM-b'] } });
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
    expect(deriveClass(nishinomiyaProfile, nodes, 'n0')).toEqual({ levels: { importance: 'A' }, sources: { importance: ['SM-n1'] } });
    expect(effectiveLevels(nishinomiyaProfile, nodes, 'n25')).toEqual({ importance: 'A' });
  });

  it('returns null for an asset without contents or with only unclassified contents', () => {
    expect(deriveClass(nishinomiyaProfile, graph(node('x', 'B')), 'x')).toBeNull();
    expect(deriveClass(nishinomiyaProfile, graph(node('x', 'B', ['y']), node('y', null)), 'x')).toBeNull();
  });

  it('ignores contents classified under another profile', () => {
    const nodes = graph(node('usb', 'C', ['m']), node('m', 'A', [], 'mic'));
    expect(deriveClass(nishinomiyaProfile, nodes, 'usb')).toBeNull();
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

describe('handlingLevels', () => {
  it.each([
    ['an unclassified asset with personal information: the profile rule gives A (【03】第4条)', { personalInfoKind: 'specificPersonal', classification: null, derived: null }, { importance: 'A' }],
    ['an unclassified asset without personal information: the lowest class', { personalInfoKind: 'none', classification: null, derived: null }, { importance: 'C' }],
    ['a class under another profile counts as unclassified here', { personalInfoKind: 'personal', classification: { profileId: 'mic', levels: { confidentiality: '1' } }, derived: null }, { importance: 'A' }],
    ['a classified asset keeps its own class, even below the recommendation', { personalInfoKind: 'personal', classification: { profileId: 'nishinomiya', levels: { importance: 'B' } }, derived: null }, { importance: 'B' }],
    ['what the contents give still wins', { personalInfoKind: 'none', classification: null, derived: { levels: { importance: 'B' }, sources: { importance: ['X'] } } }, { importance: 'B' }],
  ])('returns the levels for %s', (_name, asset, expected) => {
    expect(handlingLevels(nishinomiyaProfile, asset)).toEqual(expected);
  });
});
