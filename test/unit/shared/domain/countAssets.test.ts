import { describe, expect, it } from 'vitest';
import { countAssets } from '../../../../shared/domain/countAssets';

describe('countAssets', () => {
  it('returns zero for every status and kind of an empty ledger', () => {
    const counts = countAssets([]);
    expect(counts.total).toBe(0);
    expect(Object.values(counts.byStatus)).toEqual([0, 0, 0]);
    expect(Object.values(counts.byKind).every((n) => n === 0)).toBe(true);
  });

  it('returns counts by status, kind and classification state', () => {
    const counts = countAssets([
      { status: 'active', kind: 'information', classification: null },
      { status: 'active', kind: 'recordingMedium', classification: { state: 'proposed' } as never },
      { status: 'retired', kind: 'recordingMedium', classification: { state: 'approved' } as never },
      { status: 'disposed', kind: 'paperDocument', classification: { state: 'proposed' } as never },
    ]);
    expect(counts.byClassification).toEqual({ unclassified: 1, proposed: 2, approved: 1, needsReview: 0 });
    expect(counts.total).toBe(4);
    expect(counts.byStatus).toEqual({ active: 2, retired: 1, disposed: 1 });
    expect(counts.byKind.recordingMedium).toBe(2);
    expect(counts.byKind.system).toBe(0);
  });
});
