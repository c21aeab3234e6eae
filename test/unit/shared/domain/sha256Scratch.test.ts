import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { newDigestWords, sha256Words, wordsToHex, writeHex, writeWords } from '../../../../shared/domain/sha256Scratch';

// A deterministic pseudo-random byte source (xorshift32), so a failure names its input.
function bytesFrom(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 255;
  }
  return out;
}

describe('sha256Words', () => {
  it.each([
    ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq', '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1'],
  ])('gives the FIPS 180-4 example digest of %j', (text, hex) => {
    const bytes = new TextEncoder().encode(text);
    expect(wordsToHex(sha256Words(bytes, bytes.length, newDigestWords()))).toBe(hex);
  });

  it('gives @noble/hashes\' digest for every length from 0 to 300 bytes (each padding case: one block, two, and several)', () => {
    const out = newDigestWords();
    for (let length = 0; length <= 300; length++) {
      const bytes = bytesFrom(length + 1, length);
      expect(wordsToHex(sha256Words(bytes, length, out)), `length ${length}`).toBe(bytesToHex(sha256(bytes)));
    }
  });

  it('hashes only the first `length` bytes, whatever follows them in the buffer, and leaves no trace for the next call', () => {
    const buffer = bytesFrom(7, 4096);
    const out = newDigestWords();
    for (const length of [0, 55, 56, 63, 64, 119, 120, 1000]) {
      expect(wordsToHex(sha256Words(buffer, length, out))).toBe(bytesToHex(sha256(buffer.subarray(0, length))));
    }
    // A long input, then a short one: the short one's digest is its own.
    sha256Words(bytesFrom(9, 3000), 3000, out);
    expect(wordsToHex(sha256Words(Uint8Array.of(1, 2, 3), 3, out))).toBe(bytesToHex(sha256(Uint8Array.of(1, 2, 3))));
  });

  // The length field: up to 4,096 bytes only its last two bytes are non-zero; from 8,192 the third, from 2 MiB
  // (2^24 bits) the fourth. Each beside the padding cases 55/56 and a whole block.
  it.each([8192, 8192 + 55, 8192 + 56, 65_536, 65_536 + 63, 2 ** 21 - 1, 2 ** 21, 2 ** 21 + 56, 3_000_001])('gives @noble/hashes\' digest for %i bytes (the length field\'s upper bytes)', (length) => {
    const bytes = bytesFrom(length, length);
    expect(wordsToHex(sha256Words(bytes, length, newDigestWords()))).toBe(bytesToHex(sha256(bytes)));
  });

  it.each([0, 1, 55, 56, 63, 64, 119, 120, 1000])('reads a view into a larger buffer from its own start (%i bytes at an odd offset)', (length) => {
    const buffer = bytesFrom(11, length + 200);
    const view = buffer.subarray(37, 37 + length + 9); // bytes of the buffer before and after the view are not hashed
    expect(wordsToHex(sha256Words(view, length, newDigestWords()))).toBe(bytesToHex(sha256(buffer.slice(37, 37 + length))));
  });

  it('refuses a length beyond the bytes given', () => {
    expect(() => sha256Words(new Uint8Array(10), 11, newDigestWords())).toThrow(RangeError);
    expect(() => sha256Words(new Uint8Array(10), -1, newDigestWords())).toThrow(RangeError);
  });
});

describe('writeWords / writeHex', () => {
  it('writes a digest\'s bytes, and reads hex in either case back to the same bytes', () => {
    const bytes = bytesFrom(3, 40);
    const words = sha256Words(bytes, 40, newDigestWords());
    const hex = wordsToHex(words);
    const written = new Uint8Array(34);
    writeWords(words, written, 1);
    expect(bytesToHex(written.subarray(1, 33))).toBe(hex);
    const read = new Uint8Array(32);
    writeHex(hex.toUpperCase(), read, 0);
    expect(read).toEqual(hexToBytes(hex));
  });

  // Every digit either case at every position reads as noble's hexToBytes reads it (the tree's leaves were
  // hashed from its bytes before); every other code unit there is refused, not read as some nibble.
  it('reads every hex digit in either case at every position as hexToBytes does, and refuses every other code unit there', () => {
    const digits = '0123456789abcdefABCDEF';
    const others = [...Array.from({ length: 0x300 }, (_, c) => c), 0x660, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xfeff, 0xff10, 0xff21, 0xff41, 0xffff].filter((c) => !digits.includes(String.fromCharCode(c)));
    const read = new Uint8Array(32);
    for (let at = 0; at < 64; at++) {
      const base = bytesToHex(bytesFrom(at + 5, 32));
      const hex = (c: string) => base.slice(0, at) + c + base.slice(at + 1);
      for (const d of digits) {
        writeHex(hex(d), read, 0);
        expect(read, `${d} at ${at}`).toEqual(hexToBytes(hex(d)));
      }
      const accepted = others.filter((c) => {
        try {
          writeHex(hex(String.fromCharCode(c)), read, 0);
          return true;
        } catch (e) {
          return !(e instanceof TypeError);
        }
      });
      expect(accepted, `at ${at}`).toEqual([]);
    }
  });

  it('writes its 32 bytes at the offset and nothing around them', () => {
    const bytes = new Uint8Array(40).fill(0xaa);
    writeHex('0'.repeat(64), bytes, 3);
    expect([...bytes]).toEqual([0xaa, 0xaa, 0xaa, ...Array<number>(32).fill(0), 0xaa, 0xaa, 0xaa, 0xaa, 0xaa]);
  });

  // Values a record written by hand can hold (IndexedDB stores any cloneable value): all refused, as noble refuses them.
  it.each<[string, unknown]>([
    ['a number', 12345],
    ['null', null],
    ['undefined', undefined],
    ['an array of 64 digits', Array<string>(64).fill('a')],
    ['a String object', new String('a'.repeat(64))],
    ['an object with a length of 64', { length: 64 }],
    ['bytes', new Uint8Array(64).fill(0x61)],
  ])('refuses %s in place of a digest', (_, value) => {
    expect(() => writeHex(value as string, new Uint8Array(32), 0)).toThrow(TypeError);
    expect(() => hexToBytes(value as string)).toThrow();
  });

  it.each([['a'.repeat(63)], ['a'.repeat(65)], [`${'a'.repeat(63)}g`], [`${'a'.repeat(62)} a`], [`${'0'.repeat(63)}\u0660`]])('refuses %j as a digest', (hex) => {
    expect(() => writeHex(hex, new Uint8Array(32), 0)).toThrow(TypeError);
  });
});
