import { describe, expect, it } from 'vitest';
import { MAX_PASTE_ROWS, parseTsv, pastedTable } from '../../../../shared/ledgerFile/pasteTable';
import { guessMapping, mapLegacyRows } from '../../../../shared/ledgerFile/legacyImport';
import { nishinomiyaProfile as profile } from '../../../../shared/domain/profiles/bundledProfiles';

describe('parseTsv', () => {
  it.each([
    ['plain rows with CR LF, as Excel copies them', 'A\tB\r\nC\tD\r\n', [['A', 'B'], ['C', 'D']]],
    ['LF only and no final line break', 'A\tB\nC\tD', [['A', 'B'], ['C', 'D']]],
    ['a quoted cell holding a line break and a tab', '"一行目\n二行目\tと"\tB\r\n', [['一行目\n二行目\tと', 'B']]],
    ['doubled quotes inside a quoted cell', '"彼は""至急""と言った"\tB', [['彼は"至急"と言った', 'B']]],
    ['a quote inside an unquoted cell stays', '12" ディスク\tB', [['12" ディスク', 'B']]],
    ['a leading quote never closed stays text', '"閉じない\tB', [['"閉じない', 'B']]],
    ['blank lines dropped, ragged rows padded', 'A\tB\tC\r\n\r\n\t\t\r\nD\r\n', [['A', 'B', 'C'], ['D', '', '']]],
    ['formula-looking text kept as text (never evaluated)', '=cmd|\' /C calc\'!A0\t+1', [["=cmd|' /C calc'!A0", '+1']]],
  ] as const)('reads %s', (_name, text, expected) => {
    expect(parseTsv(text)).toEqual({ ok: true, rows: expected });
  });

  it('refuses empty text, too many rows and too much text instead of freezing', () => {
    expect(parseTsv(' \r\n\t\r\n')).toEqual({ ok: false, reason: 'empty', limit: 0 });
    expect(parseTsv('x\n'.repeat(MAX_PASTE_ROWS + 5))).toMatchObject({ ok: false, reason: 'too-many-rows' });
    expect(parseTsv('x'.repeat(3_000_000))).toMatchObject({ ok: false, reason: 'too-long' });
  });
});

describe('pastedTable', () => {
  it('takes a first row naming ledger fields as the header', () => {
    const table = pastedTable([['管理番号', '名称', '種類', '所在'], ['SM-1', '住民票', '情報', '市民課']], profile);
    expect(table).toMatchObject({ hasHeader: true, header: ['管理番号', '名称', '種類', '所在'], rows: [['SM-1', '住民票', '情報', '市民課']], firstRowNumber: 2 });
  });

  it('without a header, reads the columns in the ledger order so the mapping is already right', () => {
    const row = ['SM-00001', '住民基本台帳', '情報', '電子', '市民課 書庫', '市民課', '市民課長', '市民課職員', 'マイナンバー利用事務系', '特定個人情報'];
    const table = pastedTable([row], profile);
    expect(table.hasHeader).toBe(false);
    expect(table.firstRowNumber).toBe(1);
    const result = mapLegacyRows(table.header, table.rows, guessMapping(table.header, profile), profile, { firstRowNumber: 1, existingNumbers: new Set() });
    expect(result).toMatchObject({ ok: true, assets: [{ input: { managementNumber: 'SM-00001', name: '住民基本台帳', kind: 'information', personalInfoKind: 'specificPersonal', networkSegment: 'myNumber' } }] });
  });
});
