import { describe, expect, it } from 'vitest';
import { archivableEntries, archiveCutoff, auditArchiveEntryText, auditArchiveHead, auditArchiveSeparator, auditArchiveTail, buildAuditArchive, genesisAnchor, olderThanCutoff, type AuditArchive } from '../../../../shared/domain/auditArchive';
import { chainAuditEntries } from '../../../../shared/domain/auditChain';

const entries = chainAuditEntries(undefined, ['2026-01-05', '2026-01-31', '2026-02-01', '2026-03-15', '2026-04-01'].map((day, i) => ({
  at: `${day}T03:00:00.000Z`, actor: '山田', action: 'asset.update', target: `a${i}`, outcome: 'success' as const, detail: {},
})));
const now = new Date('2026-05-01T03:00:00Z');

describe('archivableEntries', () => {
  it('returns only entries older than three months (before 1 February on 1 May)', () => {
    expect(archivableEntries(entries, now).map((e) => e.seq)).toEqual([1, 2]);
  });

  it('never returns the newest entry, however old', () => {
    expect(archivableEntries(entries, new Date('2030-01-01T00:00:00Z')).map((e) => e.seq)).toEqual([1, 2, 3, 4]);
  });
});

describe('buildAuditArchive', () => {
  it('returns the verified archive and its anchor', () => {
    expect(buildAuditArchive(entries, genesisAnchor, now)).toMatchObject({ ok: true, archive: { format: 'daicho-audit-archive/1', anchor: genesisAnchor, entries: [{ seq: 1 }, { seq: 2 }] } });
  });

  it('refuses to archive a broken chain and says where', () => {
    const tampered = [...entries];
    tampered[1] = { ...tampered[1]!, actor: '改ざん' };
    expect(buildAuditArchive(tampered, genesisAnchor, now)).toEqual({ ok: false, verification: { ok: false, brokenSeq: 2, reason: 'hash-mismatch' } });
  });

  it('returns empty when nothing is old enough', () => {
    expect(buildAuditArchive(entries, genesisAnchor, new Date('2026-02-01T00:00:00Z'))).toEqual({ ok: false, empty: true });
  });
});

describe('archiveCutoff and olderThanCutoff', () => {
  it.each([
    ['2026-01-31T14:59:59.999Z', true], // 23:59 on 31 January in Tokyo
    ['2026-01-31T15:00:00.000Z', false], // 00:00 on 1 February in Tokyo
    ['2025-12-31T00:00:00.000Z', true],
    ['2026-04-30T00:00:00.000Z', false],
  ])('on 1 May (cutoff %s) an entry at %s is older: %s', (at, older) => {
    expect(archiveCutoff(now)).toBe('2026-02-01');
    expect(olderThanCutoff({ at }, archiveCutoff(now))).toBe(older);
  });
});

describe('the archive text in pieces', () => {
  const hostile = chainAuditEntries(undefined, [{ at: '2026-01-05T03:00:00.000Z', actor: '"山田"\n\\ \u2028', action: 'asset.update', target: '', outcome: 'failure' as const, detail: { nested: { list: [1, 'a\nb', null, { deep: true }] }, empty: {}, none: [] } }]);
  it.each([
    ['one entry', [entries[0]!]],
    ['several entries', entries],
    ['an entry with hostile text and nesting', hostile],
  ])('joins to exactly JSON.stringify(archive, null, 1) for %s', (_, list) => {
    const archive: AuditArchive = { format: 'daicho-audit-archive/1', anchor: { seq: 7, hash: 'ab'.repeat(32) }, entries: list };
    const text = auditArchiveHead(archive.anchor) + list.map(auditArchiveEntryText).join(auditArchiveSeparator) + auditArchiveTail;
    expect(text).toBe(JSON.stringify(archive, null, 1));
    expect(JSON.parse(text)).toEqual(archive);
  });
});
