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

  // Text order is not numeric order ("SM-99999" sorts after "SM-100000"): the highest is by number.
  it.each<[string, string[], string]>([
    ['six digits past five', ['SM-99999', 'SM-100000', 'SM-100001'], 'SM-100002'],
    ['leading zeros; ten digits are not a serial', ['SM-0000123', 'SM-99', 'SM-0000000999'], 'SM-00124'],
    ['only zeros', ['SM-0', 'SM-00000'], 'SM-00001'],
    ['a serial over nine digits (ignored)', ['SM-1234567890', 'SM-5'], 'SM-00006'],
    ['the prefix alone', ['SM-', 'SM-7'], 'SM-00008'],
    ['a longer prefix sharing the start', ['SM-1-00001', 'SM-2'], 'SM-00003'],
  ])('by number, not text order: %s', (_name, numbers, next) => {
    expect(nextManagementNumber('SM-', numbers)).toBe(next);
  });
});

describe('managementPrefixPattern', () => {
  it.each(['SM-', 'KZ', 'A1/', 'X.Y_'])('accepts %j', (prefix) => expect(managementPrefixPattern.test(prefix)).toBe(true));
  it.each(['', '-SM', 'ＳＭ', 'S M', 'A'.repeat(17), '=SM'])('refuses %j', (prefix) => expect(managementPrefixPattern.test(prefix)).toBe(false));
});
