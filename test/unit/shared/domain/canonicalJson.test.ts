import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../../shared/domain/canonicalJson';

describe('canonicalJson', () => {
  it('returns the same text whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('returns undefined properties left out and non-ASCII text as is', () => {
    expect(canonicalJson({ a: undefined, 名前: '台帳' })).toBe('{"名前":"台帳"}');
  });

  it('throws for a non-finite number (programmer error)', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(TypeError);
  });
});
