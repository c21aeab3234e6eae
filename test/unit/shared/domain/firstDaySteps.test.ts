import { describe, expect, it } from 'vitest';
import { firstDaySteps, type FirstDayFacts } from '../../../../shared/domain/firstDaySteps';

const fresh: FirstDayFacts = { assets: 0, unclassified: 0, proposed: 0, managers: 1, labelNeeded: 0, labelled: 0, hasBackup: false, hasExport: false };
const done = (facts: FirstDayFacts) => Object.fromEntries(firstDaySteps(facts).map((s) => [s.id, s.done]));

describe('firstDaySteps', () => {
  it('returns only set-up done for a new section, in the order of the first day', () => {
    expect(firstDaySteps(fresh).map((s) => s.id)).toEqual(['setup', 'register', 'classify', 'approve', 'labels', 'backup', 'export']);
    expect(done(fresh)).toEqual({ setup: true, register: false, classify: false, approve: false, labels: false, backup: false, export: false });
  });

  it.each([
    ['assets registered, none classified', { assets: 10, unclassified: 10 }, { register: true, classify: false, approve: false }],
    ['all classified, some waiting for approval', { assets: 10, proposed: 3, managers: 2 }, { classify: true, approve: false }],
    ['all approved', { assets: 10, managers: 2 }, { classify: true, approve: true }],
    ['labels printed for some media only', { assets: 10, labelNeeded: 4, labelled: 3 }, { labels: false }],
    ['labels printed for every medium', { assets: 10, labelNeeded: 4, labelled: 4 }, { labels: true }],
    ['backup and export made', { hasBackup: true, hasExport: true }, { backup: true, export: true }],
  ] as const)('returns the right steps done when %s', (_case, facts, expected) => {
    expect(done({ ...fresh, ...facts })).toMatchObject(expected);
  });

  it('warns a section with a single security manager that nobody can approve yet, and says how to fix it', () => {
    const approve = firstDaySteps({ ...fresh, assets: 5, proposed: 5, managers: 1 }).find((s) => s.id === 'approve')!;
    expect(approve.todo).toContain('セキュリティ管理者が1人しかいない');
    expect(approve.todo).toContain('「アカウント」');
    expect(firstDaySteps({ ...fresh, assets: 5, proposed: 5, managers: 2 }).find((s) => s.id === 'approve')!.todo).not.toContain('1人しか');
  });

  it('gives an empty to-do for a step that is done', () => {
    expect(firstDaySteps({ ...fresh, hasBackup: true }).find((s) => s.id === 'backup')!.todo).toBe('');
  });
});
