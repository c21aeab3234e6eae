import { describe, expect, it } from 'vitest';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';
import type { PolicyProfile } from '../../../../shared/domain/policyProfile';
import { guessMapping, legacyFields, mapLegacyRows } from '../../../../shared/ledgerFile/legacyImport';

// The IPA 情報資産管理台帳 with its risk columns (付録7): 脅威の発生頻度 and 脆弱性 beside the asset.
const header = ['管理番号', '情報資産名称', '種類', '形式', '保存先', '所管課', '管理者', 'ネットワーク区分', '重要度', '脅威の発生頻度', '脆弱性', 'リスク値'];
const row = (number: string, threat: string, vulnerability: string) => [number, '住民票写し', '情報', '電子', 'サーバ室', '市民課', '市民課長', 'マイナンバー利用事務系', 'A', threat, vulnerability, '9'];
const map = (rows: string[][], profile: PolicyProfile = nishinomiyaProfile) =>
  mapLegacyRows(header, rows, guessMapping(header, profile), profile, { firstRowNumber: 2, existingNumbers: new Set() });

describe('legacy import of the IPA risk columns', () => {
  it('offers and guesses the two assessment columns, not the computed value', () => {
    expect(legacyFields(nishinomiyaProfile).map((f) => f.label)).toEqual(expect.arrayContaining(['脅威の発生頻度', '脆弱性']));
    const mapping = guessMapping(header, nishinomiyaProfile);
    expect(mapping['risk:threat']?.column).toBe('脅威の発生頻度');
    expect(mapping['risk:vulnerability']?.column).toBe('脆弱性');
  });

  it.each([
    ['3', '2', { threat: 3, vulnerability: 2 }],
    ['１', '３', { threat: 1, vulnerability: 3 }],
    ['', '', undefined],
  ])('reads 脅威 %j and 脆弱性 %j', (threat, vulnerability, risk) => {
    const result = map([row('SM-L1', threat, vulnerability)]);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.assets[0]!.risk).toEqual(risk);
  });

  it.each([
    ['4', '1', '脅威の発生頻度「4」は 1・2・3 のどれかにしてください'],
    ['高', '1', '脅威の発生頻度「高」は 1・2・3 のどれかにしてください'],
    ['=1+2', '1', '脅威の発生頻度「=1+2」'],
    ['2', '', '脅威の発生頻度だけが入っています'],
  ])('refuses the row for 脅威 %j and 脆弱性 %j', (threat, vulnerability, message) => {
    const result = map([row('SM-L1', threat, vulnerability)]);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0]!.message).toContain(message);
  });

  it('offers no risk fields for a profile without a risk model', () => {
    const { risk: _risk, ...plain } = micProfile;
    expect(legacyFields(plain as PolicyProfile).some((f) => f.field.startsWith('risk:'))).toBe(false);
    expect(Object.keys(guessMapping(header, plain as PolicyProfile)).some((k) => k.startsWith('risk:'))).toBe(false);
  });
});
