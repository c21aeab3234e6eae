import { describe, expect, it } from 'vitest';
import { exportAnchorText, NOT_TEXT } from '../../../../shared/domain/auditRowText';

describe('exportAnchorText', () => {
  const last = { at: '2026-04-01T03:00:00.000Z', fileName: '台帳.xlsx', size: 1234, rootHash: 'ab'.repeat(32), head: { seq: 1234, hash: 'cd'.repeat(32) } };
  it.each<[string, unknown, ReturnType<typeof exportAnchorText>]>([
    ['no record', null, null],
    ['a record as the app writes it', last, { at: '2026年4月1日 12:00', fileName: '台帳.xlsx', size: '1,234 件（#1234）', rootHash: 'abab abab abab abab…' }],
    // Edited by hand (before 2026-11-30 each of these left the audit screen blank).
    ['a hash that is a number and no head', { ...last, rootHash: 5, head: null }, { at: '2026年4月1日 12:00', fileName: '台帳.xlsx', size: '1,234 件（#）', rootHash: `${NOT_TEXT}5` }],
    ['a size that is text, an object as the file name and a time that is not text', { ...last, size: '13', fileName: { a: 1 }, at: [1] }, { at: `${NOT_TEXT}1`, fileName: `${NOT_TEXT}a 1`, size: '13（#1234）', rootHash: 'abab abab abab abab…' }],
    ['an RTL override in the file name', { ...last, fileName: 'xlsx.\u202E台帳' }, { at: '2026年4月1日 12:00', fileName: 'xlsx.〔U+202E〕台帳', size: '1,234 件（#1234）', rootHash: 'abab abab abab abab…' }],
    ['an empty record', {}, { at: '', fileName: '', size: '（#）', rootHash: '' }],
  ])('writes %s as text', (_, record, expected) => {
    expect(exportAnchorText(record, 'seireki')).toEqual(expected);
  });
});
