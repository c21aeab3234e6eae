import { describe, expect, it } from 'vitest';
import type { Asset } from '../../../../shared/domain/asset';
import { firstDayAssetFacts, firstDaySteps, runSteps, type FirstDayFacts } from '../../../../shared/domain/firstDaySteps';
import { makeAsset } from '../../../fixtures/assets';

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

describe('firstDayAssetFacts', () => {
  /** Assets of every kind and status, some proposed under another profile, some labelled. */
  const assets = Array.from({ length: 2_500 }, (_, i) =>
    makeAsset(i, {
      status: i % 5 === 0 ? 'retired' : i % 11 === 0 ? 'disposed' : 'active',
      classification:
        i % 3 === 0
          ? null
          : ({ state: i % 4 === 0 ? 'proposed' : 'approved', profileId: i % 7 === 0 ? 'other' : 'nishinomiya', levels: {} } as unknown as Asset['classification']),
    }),
  );
  const labelled = new Set(assets.filter((_, i) => i % 2 === 0).map((a) => a.id));
  const kinds = ['recordingMedium', 'paperDocument'];

  it('returns the counts a filter over the assets in use gives, pausing every 1,024 assets', () => {
    const active = assets.filter((a) => a.status === 'active');
    const needLabel = active.filter((a) => kinds.includes(a.kind));
    const steps = firstDayAssetFacts(assets, labelled, kinds);
    let pauses = 0;
    while (!steps.next().done) pauses++;
    expect(pauses).toBe(2);
    expect(runSteps(firstDayAssetFacts(assets, labelled, kinds))).toEqual({
      assets: active.length,
      unclassified: active.filter((a) => a.classification === null).length,
      proposed: active.filter((a) => a.classification?.state === 'proposed').length,
      labelNeeded: needLabel.length,
      labelled: needLabel.filter((a) => labelled.has(a.id)).length,
    });
  });

  it('returns only the proposals made under the given profile as proposed (another profile\'s wait for review)', () => {
    const counts = runSteps(firstDayAssetFacts(assets, labelled, kinds, 'nishinomiya'));
    const own = assets.filter((a) => a.status === 'active' && a.classification?.state === 'proposed' && a.classification.profileId === 'nishinomiya');
    expect(counts.proposed).toBe(own.length);
    expect(counts.proposed).toBeLessThan(runSteps(firstDayAssetFacts(assets, labelled, kinds)).proposed);
  });

  it('returns zeros for an empty ledger', () => {
    expect(runSteps(firstDayAssetFacts([], new Set(), kinds))).toEqual({ assets: 0, unclassified: 0, proposed: 0, labelNeeded: 0, labelled: 0 });
  });
});
