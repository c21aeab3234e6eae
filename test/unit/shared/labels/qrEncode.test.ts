import { describe, expect, it } from 'vitest';
import bwipjs from 'bwip-js';
import { encodeQrMatrix, QR_MAX_VERSION } from '../../../../shared/labels/qrEncode';
import { encodeQr } from '../../../../shared/labels/encodeBarcode';

/** bwip-js's symbol for the same text (the encoder labels used before, and the reference here). */
function bwip(text: string, options = 'eclevel=M'): { size: number; modules: number[] } {
  const [symbol] = bwipjs.raw('qrcode', text, options) as unknown as [{ pixs: number[]; pixx: number }];
  return { size: symbol.pixx, modules: symbol.pixs };
}

/** A small deterministic generator (xorshift), so the "random" texts are the same on every run. */
function texts(seed: number, count: number, alphabet: string, maxLength: number, prefix = ''): string[] {
  let x = seed;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
  return Array.from({ length: count }, () => prefix + Array.from({ length: 1 + Math.floor(next() * maxLength) }, () => alphabet[Math.floor(next() * alphabet.length)]).join(''));
}

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:';
const versionLengths = [5, 30, 50, 70, 100, 130, 160, 200, 250, 300];
const managementNumbers = Array.from({ length: 60 }, (_, i) => `SM-${String((i * 7919) % 1_000_000).padStart(6, '0')}`);

describe('encodeQrMatrix', () => {
  it.each([
    ...managementNumbers,
    'A', '0', '12345678', 'HELLO WORLD', 'SM-1', 'JK-000001', 'ABC-DEF/123.45:6$7%8*9+', ' ', '$%*+-./:',
    ...texts(1, 40, ALNUM.replace(/[0-9]/g, '') + '012345', 60, ''),
    ...texts(2, 30, '0123456789', 120),
    // One length for each version from 1 to 10 (version 10 at level M holds 311 alphanumeric characters).
    ...versionLengths.map((n) => 'AB-'.repeat(120).slice(0, n)),
    'A'.repeat(311), // the most version 10 holds
    '1'.repeat(513),
  ])('draws exactly the symbol bwip-js draws for %j', (text) => {
    const fast = encodeQrMatrix(text);
    const reference = bwip(text);
    expect(fast).not.toBeNull();
    expect(fast!.size).toBe(reference.size);
    expect(fast!.modules).toEqual(reference.modules);
  });

  it('covers versions 1 to 10 in the table above (sizes 21 to 57)', () => {
    const sizes = new Set(versionLengths.map((n) => encodeQrMatrix('AB-'.repeat(120).slice(0, n))!.size));
    for (let version = 1; version <= QR_MAX_VERSION; version++) expect(sizes).toContain(version * 4 + 17);
  });

  it.each([0, 1, 2, 3, 4, 5, 6, 7])('draws bwip-js symbol with mask %i when that mask is asked for', (mask) => {
    for (const text of ['SM-000123', 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345-ABCDEFGHIJKLMNOPQRSTUVWXYZ012345-ABCDEFGHIJKLMNOPQRS/TUV']) {
      expect(encodeQrMatrix(text, mask)!.modules).toEqual(bwip(text, `eclevel=M mask=${mask + 1}`).modules);
    }
  });

  it('differs in a module when the text differs in one character (the data is really encoded)', () => {
    const a = encodeQrMatrix('SM-000123')!.modules;
    const b = encodeQrMatrix('SM-000124')!.modules;
    expect(a.some((v, i) => v !== b[i])).toBe(true);
  });

  it.each([
    ['', 'empty'],
    ['sm-000001', 'lower case needs bytes'],
    ['市民課 SM-000001', 'kanji needs bytes'],
    ['SM-0000001', 'seven digits in a row: bwip-js switches to numeric inside'],
    ['A1234567B', 'seven digits in the middle'],
    ['ＳＭ-000001', 'full-width letters'],
    ['SM\u0000001', 'a control character'],
    ['A'.repeat(312), 'more than version 10 holds'],
    ['1'.repeat(514), 'more digits than version 10 holds'],
  ])('returns null for %j (%s), so the caller uses bwip-js', (text) => {
    expect(encodeQrMatrix(text)).toBeNull();
  });
});

describe('encodeQr', () => {
  it.each(['SM-000001', '市民課 SM-000001', 'sm-000001', 'SM-0000001'])('returns bwip-js symbol for %j, by whichever encoder takes it', (text) => {
    const symbol = encodeQr(text);
    const reference = bwip(text);
    expect(symbol.size).toBe(reference.size);
    expect(symbol.modules).toEqual(reference.modules);
  });
});
