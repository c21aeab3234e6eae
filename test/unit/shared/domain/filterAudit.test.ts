import { describe, expect, it } from 'vitest';
import { chainAuditEntries } from '../../../../shared/domain/auditChain';
import { filterAudit } from '../../../../shared/domain/filterAudit';

const entries = chainAuditEntries(undefined, [
  { at: '2026-03-31T14:00:00Z', actor: '山田', action: 'asset.create', target: 'a1', outcome: 'success', detail: { managementNumber: 'SM-00001' } },
  { at: '2026-03-31T16:00:00Z', actor: '佐藤', action: 'classification.propose', target: 'a1', outcome: 'success', detail: {} },
  { at: '2026-04-02T01:00:00Z', actor: '山田', action: 'asset.create', target: 'a2', outcome: 'success', detail: { managementNumber: 'SM-00002' } },
  { at: '2026-04-03T01:00:00Z', actor: '田中', action: 'classification.approve', target: 'a1', outcome: 'failure', detail: { reason: 'own-proposal' } },
]);
const numbers: Record<string, string> = { a1: 'SM-00001', a2: 'SM-00002' };
const seqs = (filter: Parameters<typeof filterAudit>[1]) => filterAudit(entries, filter, (t) => numbers[t]).map((e) => e.seq);

describe('filterAudit', () => {
  it('returns everything newest first without conditions', () => expect(seqs({})).toEqual([4, 3, 2, 1]));
  it('returns by actor and by action', () => {
    expect(seqs({ actor: '山田' })).toEqual([3, 1]);
    expect(seqs({ action: 'classification.approve' })).toEqual([4]);
  });
  it('returns by Tokyo calendar day (16:00 UTC on 31 March is 1 April in Tokyo)', () => {
    expect(seqs({ from: '2026-04-01', to: '2026-04-01' })).toEqual([2]);
    expect(seqs({ to: '2026-03-31' })).toEqual([1]);
  });
  it('returns by asset, from the detail or the target, in any case', () => {
    expect(seqs({ managementNumber: 'sm-00001' })).toEqual([4, 2, 1]);
    expect(seqs({ managementNumber: 'SM-99999' })).toEqual([]);
  });
});
