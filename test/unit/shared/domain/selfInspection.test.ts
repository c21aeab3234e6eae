import { describe, expect, it } from 'vitest';
import { daysBetween } from '../../../../shared/domain/formatDate';
import {
  groupExceptions,
  buildSelfInspection,
  classLabel,
  createAssetTally,
  inspectionRules,
  isIsoDay,
  UNCLASSIFIED_LABEL,
  type InspectionAsset,
  type InspectionLineId,
  type SelfInspectionInput,
} from '../../../../shared/domain/selfInspection';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

const asset = (n: number, overrides: Partial<InspectionAsset> = {}): InspectionAsset => ({
  id: `id-${n}`,
  managementNumber: `SM-${String(n).padStart(5, '0')}`,
  name: `資産${n}`,
  kind: 'information',
  status: 'active',
  nextReviewDate: '2027-04-01',
  classification: { state: 'approved', levels: { importance: 'A' } },
  ...overrides,
});

const base = (overrides: Partial<SelfInspectionInput> = {}): SelfInspectionInput => ({
  organisation: '西宮市',
  section: '市民課',
  profile: nishinomiyaProfile,
  assets: [],
  takeOuts: [],
  disposals: [],
  labelledAssetIds: new Set(),
  accounts: [],
  backup: { lastBackupAt: '2026-11-01T01:00:00.000Z', intervalDays: 30, lastRestoreTestAt: '2026-06-01T01:00:00.000Z' },
  exceptions: [],
  audit: { chain: { ok: true, entries: 10 }, lastAnchor: { at: '2026-11-01T02:00:00.000Z', size: 8, rootHash: 'a'.repeat(64) }, sinceAnchor: 'ok' },
  ...overrides,
});

const lineOf = (input: SelfInspectionInput, asOf: string, id: InspectionLineId) => buildSelfInspection(input, asOf).lines.find((l) => l.id === id)!;

describe('inspectionRules', () => {
  it('cites at least one article for every line, in the 【section】第N条 form', () => {
    for (const rule of Object.values(inspectionRules)) {
      expect(rule.articles.length).toBeGreaterThan(0);
      for (const article of rule.articles) expect(article).toMatch(/^【\d{2}】第\d+条\d*$/);
      expect(rule.requirement).not.toBe('');
    }
  });

  it('lists every line in the report in a fixed order', () => {
    expect(buildSelfInspection(base(), '2026-11-29').lines.map((l) => l.id)).toEqual(Object.keys(inspectionRules));
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-11-29', '2026-11-29', 0],
    ['2026-11-28', '2026-11-29', 1],
    ['2024-02-28', '2024-03-01', 2], // leap year: 29 February exists
    ['2023-02-28', '2023-03-01', 1],
    ['2026-12-31', '2027-01-01', 1],
    ['2026-11-30', '2026-11-29', -1],
  ])('from %s to %s is %i days', (from, to, days) => {
    expect(daysBetween(from, to)).toBe(days);
  });
});

describe('isIsoDay', () => {
  it.each([
    ['2026-11-29', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-1-1', false],
    [' 2026-11-29', false],
    ['', false],
    ['昨年', false],
  ])('%j is a day: %s', (text, expected) => {
    expect(isIsoDay(text)).toBe(expected);
  });
});

describe('classLabel', () => {
  it.each([
    [{ importance: 'A' }, '重要性分類A'],
    [{ importance: 'C' }, '重要性分類C'],
    [null, UNCLASSIFIED_LABEL],
    [{}, UNCLASSIFIED_LABEL],
    [{ importance: 'Z' }, UNCLASSIFIED_LABEL],
    [{ __proto__: 'A' }, UNCLASSIFIED_LABEL],
  ])('labels %j as %s under the Nishinomiya profile', (levels, label) => {
    expect(classLabel(nishinomiyaProfile, levels as Record<string, string> | null)).toBe(label);
  });

  it('needs every objective of a multi-objective profile', () => {
    const [c, i, a] = micProfile.objectives;
    const full = { [c!.id]: c!.levels.at(-1)!.id, [i!.id]: i!.levels[0]!.id, [a!.id]: a!.levels[0]!.id };
    expect(classLabel(micProfile, full)).toContain('・');
    expect(classLabel(micProfile, { [c!.id]: c!.levels[0]!.id })).toBe(UNCLASSIFIED_LABEL);
  });
});

describe('createAssetTally', () => {
  it('counts assets in use by class and kind, retired and disposed only in the totals', () => {
    const tally = createAssetTally(nishinomiyaProfile, '2026-11-29');
    tally.add(asset(1), true);
    tally.add(asset(2, { kind: 'recordingMedium', classification: { state: 'approved', levels: { importance: 'B' } } }), true);
    tally.add(asset(3, { kind: 'recordingMedium', classification: null }), true);
    tally.add(asset(4, { status: 'retired', classification: null }), false);
    tally.add(asset(5, { status: 'disposed', kind: 'recordingMedium' }), false);
    const result = tally.result();
    expect(result.total).toBe(5);
    expect(result.byStatus).toEqual({ active: 3, retired: 1, disposed: 1 });
    expect(result.byKind.recordingMedium).toBe(2);
    expect(result.classes.map((c) => [c.label, c.total])).toEqual([['重要性分類A', 1], ['重要性分類B', 1], [UNCLASSIFIED_LABEL, 1]]);
    expect(result.classes[1]!.byKind.recordingMedium).toBe(1);
    expect(result.unclassified.map((i) => i.ref)).toEqual(['SM-00003']);
  });

  it('keeps at most maxItems listed but counts the rest', () => {
    const tally = createAssetTally(nishinomiyaProfile, '2026-11-29', { maxItems: 2 });
    for (let n = 1; n <= 5; n++) tally.add(asset(n, { classification: null }), true);
    const result = tally.result();
    expect(result.unclassified).toHaveLength(2);
    expect(result.overflow.unclassified).toBe(3);
  });
});

describe('buildSelfInspection', () => {
  it('counts unclassified assets and proposals waiting for approval, needs-review included', () => {
    const input = base({
      assets: [
        asset(1, { classification: null }),
        asset(2, { classification: { state: 'proposed', levels: { importance: 'B' } } }),
        asset(3, { classification: { state: 'needsReview', levels: { importance: 'A' } } }),
        asset(4),
        asset(5, { status: 'retired', classification: null }),
      ],
    });
    const report = buildSelfInspection(input, '2026-11-29');
    const unclassified = report.lines.find((l) => l.id === 'unclassified')!;
    const pending = report.lines.find((l) => l.id === 'pendingApproval')!;
    expect([unclassified.count, unclassified.attention, unclassified.items.map((i) => i.ref)]).toEqual([1, true, ['SM-00001']]);
    expect(pending.count).toBe(2);
    expect(pending.items.map((i) => i.text)).toEqual(['資産2（提案中）', '資産3（要見直し）']);
  });

  it.each([
    ['due yesterday', '2026-11-28', 1],
    ['due today', '2026-11-29', 0],
    ['due tomorrow', '2026-11-30', 0],
    ['no date set', '', 0],
    ['a date edited by hand into text', '来年', 1],
  ])('counts an asset review %s as overdue %i times', (_, date, expected) => {
    const line = lineOf(base({ assets: [asset(1, { nextReviewDate: date })] }), '2026-11-29', 'overdueReviews');
    expect(line.count).toBe(expected);
    expect(line.attention).toBe(expected > 0);
  });

  it('cites the profile\'s own review article and lists overdue assets oldest first', () => {
    const line = lineOf(base({ assets: [asset(1, { nextReviewDate: '2026-10-01' }), asset(2, { nextReviewDate: '2025-01-01' })] }), '2026-11-29', 'overdueReviews');
    expect(line.articles).toEqual([nishinomiyaProfile.review.article]);
    expect(line.items.map((i) => i.date)).toEqual(['2025-01-01', '2026-10-01']);
  });

  it('counts take-outs still out, and those past their return day (yesterday yes, today no)', () => {
    const takeOut = (id: number, state: 'handedOver' | 'returned' | 'requested', expectedReturn: string, kind: 'request' | 'backup' = 'request') => ({ id, managementNumber: `SM-${id}`, kind, state, expectedReturn, destination: '県庁' });
    const input = base({
      takeOuts: [takeOut(1, 'handedOver', '2026-11-28'), takeOut(2, 'handedOver', '2026-11-29'), takeOut(3, 'returned', '2026-01-01'), takeOut(4, 'requested', '2026-01-01'), takeOut(5, 'handedOver', '', 'backup')],
    });
    const open = lineOf(input, '2026-11-29', 'openTakeOuts');
    const overdue = lineOf(input, '2026-11-29', 'overdueTakeOuts');
    expect(open.count).toBe(3);
    expect(open.attention).toBe(false);
    expect(overdue.items.map((i) => i.ref)).toEqual(['SM-1']);
    expect(overdue.items.map((i) => i.text)).toEqual(['持出し先: 県庁']);
  });

  it('says a take-out\'s destination is not recorded when a record edited by hand lost it', () => {
    const lost = { id: 1, managementNumber: 'SM-1', kind: 'request' as const, state: 'handedOver' as const, expectedReturn: '2026-11-01', destination: undefined as unknown as string };
    expect(lineOf(base({ takeOuts: [lost] }), '2026-11-29', 'overdueTakeOuts').items.map((i) => i.text)).toEqual(['持出し先: （記録なし）']);
  });

  it('counts completed disposals without a certificate reference (blank or spaces), not pending ones', () => {
    const disposal = (id: number, state: 'completed' | 'approved', certificateRef: string) => ({ id, managementNumber: `SM-${id}`, state, performedOn: '2026-10-01', certificateRef });
    const line = lineOf(base({ disposals: [disposal(1, 'completed', ''), disposal(2, 'completed', '  '), disposal(3, 'completed', '証-12'), disposal(4, 'approved', '')] }), '2026-11-29', 'disposalsWithoutCertificate');
    expect(line.items.map((i) => i.ref)).toEqual(['SM-1', 'SM-2']);
  });

  it('counts media and paper documents in use without a printed label; other kinds are exempt (【03】第5条2)', () => {
    const input = base({
      assets: [asset(1, { kind: 'recordingMedium' }), asset(2, { kind: 'recordingMedium' }), asset(3, { kind: 'paperDocument' }), asset(4, { kind: 'equipment' }), asset(5, { kind: 'recordingMedium', status: 'retired' })],
      labelledAssetIds: new Set(['id-2']),
    });
    const line = lineOf(input, '2026-11-29', 'unlabelledMedia');
    expect(line.items.map((i) => i.ref)).toEqual(['SM-00001', 'SM-00003']);
    expect(line.attention).toBe(true);
  });

  it.each([
    ['reviewed six months ago yesterday', '2026-05-28T03:00:00.000Z', 1],
    ['due today', '2026-05-29T03:00:00.000Z', 0],
    ['reviewed last month', '2026-10-29T03:00:00.000Z', 0],
    // 31 August + 6 months is the last day of February.
    ['leap-year month end', '2023-08-31T03:00:00.000Z', 1],
  ])('counts an account %s as overdue for its rights review %i times (【09】第7条2)', (_, reviewedAt, expected) => {
    const accounts = [{ userId: 'sato', displayName: '佐藤', disabled: false, rightsReviewedAt: reviewedAt }, { userId: 'old', displayName: '退職者', disabled: true, rightsReviewedAt: '2020-01-01T00:00:00.000Z' }];
    expect(lineOf(base({ accounts }), '2026-11-29', 'rightsReviewOverdue').count).toBe(expected);
  });

  it('reads a rights review made early in the Tokyo morning as made that Tokyo day', () => {
    // 07:30 on 29 May in Tokyo (28 May in UTC): due on 29 November, not yet overdue on that day.
    const accounts = [{ userId: 'sato', displayName: '佐藤', disabled: false, rightsReviewedAt: '2026-05-28T22:30:00.000Z' }];
    expect(lineOf(base({ accounts }), '2026-11-29', 'rightsReviewOverdue').count).toBe(0);
    expect(lineOf(base({ accounts }), '2026-11-30', 'rightsReviewOverdue').items[0]!.date).toBe('2026-11-29');
  });

  it('lists an account or a disposal edited by hand into an unreadable date or certificate as needing action, without stopping the report', () => {
    // Edited in DevTools: the stored values are not what the types say; the report (and the dashboard built on it) must still show.
    const accounts = [
      { userId: 'blank', displayName: '空欄', disabled: false, rightsReviewedAt: '' },
      { userId: 'gone', displayName: '欠落', disabled: false, rightsReviewedAt: undefined as unknown as string },
      { userId: 'text', displayName: '文字', disabled: false, rightsReviewedAt: '昨年' },
    ];
    const disposals = [{ id: 1, managementNumber: 'SM-00001', state: 'completed' as const, performedOn: '2026-04-01', certificateRef: undefined as unknown as string }];
    const report = buildSelfInspection(base({ accounts, disposals }), '2026-11-29');
    expect(report.lines.find((l) => l.id === 'rightsReviewOverdue')!.items.map((i) => i.ref)).toEqual(['blank', 'gone', 'text']);
    expect(report.lines.find((l) => l.id === 'disposalsWithoutCertificate')!.count).toBe(1);
  });

  // The backup schedule lives in the settings table (no schema on read) and can be edited by hand: a
  // last-backup time that is not one threw RangeError in tokyoDay and blanked the report and the dashboard.
  it('asks for a backup and a restore test when their recorded times cannot be read, without stopping the report', () => {
    const report = buildSelfInspection(base({ backup: { lastBackupAt: 'きのう', intervalDays: 30, lastRestoreTestAt: '2026-13-45T00:00:00Z' }, audit: { chain: { ok: true, entries: 10 }, lastAnchor: { at: '?', size: 8, rootHash: 'a'.repeat(64) }, sinceAnchor: 'ok' } }), '2026-11-29');
    const backup = report.lines.find((l) => l.id === 'lastBackup')!;
    const restore = report.lines.find((l) => l.id === 'lastRestoreTest')!;
    expect([backup.count, backup.attention, restore.count, restore.attention]).toEqual([null, true, null, true]);
    expect(backup.note).toContain('前回の記録が読めません');
  });

  it('gives the rights review date from a leap day as the end of February', () => {
    const accounts = [{ userId: 'sato', displayName: '佐藤', disabled: false, rightsReviewedAt: '2023-08-31T03:00:00.000Z' }];
    expect(lineOf(base({ accounts }), '2024-03-01', 'rightsReviewOverdue').items[0]!.date).toBe('2024-02-29');
    expect(lineOf(base({ accounts }), '2024-02-29', 'rightsReviewOverdue').count).toBe(0);
  });

  it.each([
    ['no backup ever', null, null, 'まだありません', true],
    ['a backup today (Tokyo day of a UTC evening time)', '2026-11-28T16:00:00.000Z', 0, '0日', false],
    ['a backup yesterday', '2026-11-28T01:00:00.000Z', 1, '1日', false],
    ['a backup exactly one interval ago', '2026-10-30T01:00:00.000Z', 30, '30日', true],
    ['a backup recorded after the chosen day', '2026-12-05T01:00:00.000Z', 0, '0日', false],
  ])('reports days since the last backup with %s', (_, at, days, value, attention) => {
    const line = lineOf(base({ backup: { lastBackupAt: at, intervalDays: 30, lastRestoreTestAt: null } }), '2026-11-29', 'lastBackup');
    expect([line.count, line.value, line.attention]).toEqual([days, value, attention]);
  });

  it.each([
    ['no restore test ever', null, null, true],
    ['a test a year ago today', '2025-11-29T01:00:00.000Z', 365, false],
    ['a test a year and a day ago', '2025-11-28T01:00:00.000Z', 366, true],
    // Across 29 February 2024: 366 days in the year, and a test on a leap day is due on 28 February.
    ['a test on the leap day, checked the next 28 February', '2024-02-29T01:00:00.000Z', 365, false],
  ])('reports the restore test with %s (【11】第8条: yearly)', (_, at, days, attention) => {
    const asOf = at?.startsWith('2024-02-29') ? '2025-02-28' : '2026-11-29';
    const line = lineOf(base({ backup: { lastBackupAt: null, intervalDays: 30, lastRestoreTestAt: at } }), asOf, 'lastRestoreTest');
    expect([line.count, line.attention]).toEqual([days, attention]);
  });

  it('flags a restore test from the leap day as overdue on 1 March of the next year', () => {
    const line = lineOf(base({ backup: { lastBackupAt: null, intervalDays: 30, lastRestoreTestAt: '2024-02-29T01:00:00.000Z' } }), '2025-03-01', 'lastRestoreTest');
    expect(line.attention).toBe(true);
  });

  it('counts exceptions in force, expired but still open, requested, and checks overdue (【02】第5条)', () => {
    const exception = (id: string, state: 'requested' | 'approved' | 'closed', until: string, nextCheckOn = '') => ({ id, title: `例外${id}`, state, until, nextCheckOn });
    const input = base({
      exceptions: [exception('E1', 'approved', '2026-11-29'), exception('E2', 'approved', '2026-11-28'), exception('E3', 'requested', '2027-01-01'), exception('E4', 'closed', '2026-01-01'), exception('E5', 'approved', '2027-03-31', '2026-11-28')],
    });
    const line = lineOf(input, '2026-11-29', 'openExceptions');
    expect(line.count).toBe(4);
    expect(line.attention).toBe(true);
    expect(line.note).toBe('実施中 2件・期限切れ 1件・申請中 1件・定期確認の期限切れ 1件');
    expect(line.items.map((i) => i.ref)).toEqual(['E2', 'E5', 'E3', 'E1', 'E5']);
  });

  // The register's screen says of a request left undecided past its last day 「期間が終わりました（記録を
  // 閉じてください）」 (exceptions.ts exceptionReminders): the report must not call it 申請中 and ask nothing.
  it('counts a request whose period ended undecided as expired but still open, not as requested', () => {
    const input = base({ exceptions: [{ id: 'E6', title: '例外E6', state: 'requested' as const, until: '2026-11-28', nextCheckOn: '' }] });
    const line = lineOf(input, '2026-11-29', 'openExceptions');
    expect(line.note).toBe('実施中 0件・期限切れ 1件・申請中 0件・定期確認の期限切れ 0件');
    expect(line.attention).toBe(true);
    expect(line.items.map((i) => i.text)).toEqual(['例外E6（期限切れ）']);
  });

  // The dashboard's 例外措置 chart and 承認待ち bar count with the same grouping as the report's line.
  it('groups the register as the report counts it, so the dashboard shows the same numbers', () => {
    const exception = (id: string, state: 'requested' | 'approved' | 'closed', until: string, nextCheckOn = '') => ({ id, title: `例外${id}`, state, until, nextCheckOn });
    const groups = groupExceptions([exception('E1', 'approved', '2026-11-29'), exception('E2', 'approved', '2026-11-28'), exception('E3', 'requested', '2027-01-01'), exception('E6', 'requested', '2026-11-28'), exception('E5', 'approved', '2027-03-31', '2026-11-28')], '2026-11-29');
    expect(Object.fromEntries(Object.entries(groups).map(([k, list]) => [k, list.map((e) => e.id)]))).toEqual({ inForce: ['E1', 'E5'], expiredOpen: ['E2', 'E6'], requested: ['E3'], checksOverdue: ['E5'] });
  });

  it('asks for nothing when there are no exceptions (the register may not exist yet)', () => {
    const line = lineOf(base(), '2026-11-29', 'openExceptions');
    expect([line.count, line.attention]).toEqual([0, false]);
  });

  it.each([
    ['an intact chain extending the last anchor', { ok: true, entries: 10 } as const, 'ok' as const, true, '改ざんなし', false],
    ['a broken chain', { ok: false, brokenAt: 7 } as const, 'ok' as const, true, '7番目で不一致', true],
    ['a log that went backwards since the anchor', { ok: true, entries: 3 } as const, 'went-backwards' as const, true, '前回の書出しと不一致', true],
    ['no signed export yet', { ok: true, entries: 10 } as const, 'ok' as const, false, '改ざんなし', true],
  ])('reports the audit chain with %s', (_, chain, sinceAnchor, anchored, value, attention) => {
    const audit = { chain, sinceAnchor, lastAnchor: anchored ? { at: '2026-11-01T02:00:00.000Z', size: 8, rootHash: 'b'.repeat(64) } : null };
    const line = lineOf(base({ audit }), '2026-11-29', 'auditChain');
    expect([line.value, line.attention]).toEqual([value, attention]);
    expect(line.note).toContain(anchored ? '2026-11-01' : '署名付きの書出しがまだない');
  });

  it('names the section, the profile and the chosen day', () => {
    const report = buildSelfInspection(base(), '2026-11-29');
    expect([report.organisation, report.section, report.profileName, report.asOf]).toEqual(['西宮市', '市民課', nishinomiyaProfile.name, '2026-11-29']);
  });
});

describe('selfInspectionSheets', () => {
  it('puts every line with its count, citation and note on the first sheet, and the items on the third', async () => {
    const { selfInspectionSheets } = await import('../../../../shared/domain/selfInspection');
    const report = buildSelfInspection(base({ assets: [asset(1, { classification: null, name: '=HYPERLINK("x")' })], backup: { lastBackupAt: null, intervalDays: 30, lastRestoreTestAt: null } }), '2026-11-29');
    const [lines, counts, items] = selfInspectionSheets(report);
    expect(lines!.rows[0]![0]).toContain('2026-11-29');
    expect(lines!.rows.slice(2).map((r) => r[0])).toEqual(report.lines.map((l) => l.title));
    expect(lines!.rows.find((r) => r[0] === inspectionRules.unclassified.title)).toEqual([inspectionRules.unclassified.title, 1, '1件', '要対応', inspectionRules.unclassified.requirement, '【03】第4条', '']);
    expect(lines!.rows.find((r) => r[0] === inspectionRules.lastBackup.title)!.slice(1, 3)).toEqual(['', 'まだありません']);
    expect(counts!.rows.find((r) => r[0] === UNCLASSIFIED_LABEL)!.at(-1)).toBe(1);
    expect(items!.rows).toContainEqual([inspectionRules.unclassified.title, 'SM-00001', '=HYPERLINK("x")', '']);
  });
});

describe('createAssetTally order', () => {
  it('lists items in 管理番号 order whatever order the assets come in', () => {
    const tally = createAssetTally(nishinomiyaProfile, '2026-11-29');
    for (const n of [3, 1, 2]) tally.add(asset(n, { classification: null }), true);
    expect(tally.result().unclassified.map((i) => i.ref)).toEqual(['SM-00001', 'SM-00002', 'SM-00003']);
  });
});
