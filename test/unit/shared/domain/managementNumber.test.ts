import { describe, expect, it } from 'vitest';
import { managementPrefixPattern, nextManagementNumber } from '../../../../shared/domain/managementNumber';

describe('nextManagementNumber', () => {
  it('returns the first number when the ledger is empty', () => {
    expect(nextManagementNumber('SM-', [])).toBe('SM-00001');
  });

  it('returns one after the highest serial with the prefix, ignoring other numbers', () => {
    expect(nextManagementNumber('SM-', ['SM-00001', 'SM-00041', 'SM-00007', 'ZZ-99999', 'SM-TEMP', 'SM-00002-A'])).toBe('SM-00042');
  });

  it('returns a longer serial when five digits are used up', () => {
    expect(nextManagementNumber('SM-', ['SM-99999'])).toBe('SM-100000');
  });
});

describe('managementPrefixPattern', () => {
  it.each(['SM-', 'KZ', 'A1/', 'X.Y_'])('accepts %j', (prefix) => expect(managementPrefixPattern.test(prefix)).toBe(true));
  it.each(['', '-SM', 'ＳＭ', 'S M', 'A'.repeat(17), '=SM'])('refuses %j', (prefix) => expect(managementPrefixPattern.test(prefix)).toBe(false));
});
