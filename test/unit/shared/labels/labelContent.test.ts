import { describe, expect, it } from 'vitest';
import { decodeQR } from 'qr/decode.js';
import { CODE128_QUIET_MODULES, encodeCode128, encodeQr, QR_QUIET_MODULES } from '../../../../shared/labels/encodeBarcode';
import { breakPieces, fitText, textWidthEm, wrapText } from '../../../../shared/labels/fitText';
import { codeText, labelEligible, labelMark } from '../../../../shared/labels/labelProfile';
import { layoutLabel } from '../../../../shared/labels/layoutLabel';
import { bundledTemplates } from '../../../../shared/labels/labelTemplate';
import { micProfile, nishinomiyaProfile } from '../../../../shared/domain/profiles/bundledProfiles';

describe('labelEligible', () => {
  it.each([
    ['recordingMedium', false, true],
    ['paperDocument', false, true],
    ['equipment', false, false],
    ['system', false, false],
    ['equipment', true, true],
  ] as const)('returns for %s (override %s): %s', (kind, override, expected) => {
    expect(labelEligible({ kind, status: 'active' }, override, nishinomiyaProfile)).toBe(expected);
  });

  it('returns false for retired media', () => {
    expect(labelEligible({ kind: 'recordingMedium', status: 'retired' }, true, nishinomiyaProfile)).toBe(false);
  });

  it('follows the kinds a distributed profile names', () => {
    const profile = { label: { ...nishinomiyaProfile.label, kinds: ['recordingMedium', 'equipment'] as const } };
    expect(labelEligible({ kind: 'equipment', status: 'active' }, false, profile as never)).toBe(true);
    expect(labelEligible({ kind: 'paperDocument', status: 'active' }, false, profile as never)).toBe(false);
  });
});

describe('labelMark', () => {
  it('returns the coded mark of the effective class, never the class name', () => {
    expect(labelMark(nishinomiyaProfile, { importance: 'A' })).toEqual({ symbol: '◇', colour: '#6a1b9a' });
    expect(labelMark(micProfile, { confidentiality: '3', integrity: '2', availability: '2' })?.symbol).toBe('☆');
    for (const level of ['A', 'B', 'C']) expect(labelMark(nishinomiyaProfile, { importance: level })?.symbol).not.toMatch(/[ABC]|機密/);
  });

  it('returns null for an unclassified asset', () => {
    expect(labelMark(nishinomiyaProfile, {})).toBeNull();
  });
});

describe('codeText', () => {
  it('returns the 管理番号, or the section and 管理番号, and never the class', () => {
    expect(codeText({ codeContent: 'managementNumber' }, 'SM-00001', '市民課')).toBe('SM-00001');
    expect(codeText({ codeContent: 'sectionAndNumber' }, 'SM-00001', '市民課')).toBe('市民課 SM-00001');
  });
});

describe('encodeQr / encodeCode128', () => {
  it('returns a QR symbol with a 4-module quiet zone counted in its size', () => {
    const qr = encodeQr('SM-00001');
    expect(qr.size).toBe(21);
    expect(qr.modules).toHaveLength(21 * 21);
    expect(qr.totalModules).toBe(21 + 2 * QR_QUIET_MODULES);
  });

  // What the label draws must read back as the text: the modules are put on a white image with the
  // quiet zone, 4 pixels per module, and decoded by the library's own reader.
  it.each(['SM-00001', 'SM-000123', 'JK-2026-0001', '12345678', '市民課 USB-01', 'sm-lower/ケース', 'A'.repeat(300)])('draws a QR code that reads back as %j', (text) => {
    const qr = encodeQr(text);
    expect(qr.modules).toHaveLength(qr.size * qr.size);
    expect((qr.size - 17) % 4).toBe(0); // 21, 25, … modules: a real QR version
    const scale = 4;
    const width = qr.totalModules * scale;
    const data = new Uint8Array(width * width * 3).fill(255);
    for (let y = 0; y < qr.size; y++) {
      for (let x = 0; x < qr.size; x++) {
        if (!qr.modules[y * qr.size + x]) continue;
        for (let dy = 0; dy < scale; dy++) {
          for (let dx = 0; dx < scale; dx++) {
            const pixel = ((y + QR_QUIET_MODULES) * scale + dy) * width + (x + QR_QUIET_MODULES) * scale + dx;
            data.fill(0, pixel * 3, pixel * 3 + 3);
          }
        }
      }
    }
    expect(decodeQR({ width, height: width, data })).toBe(text);
  });

  it('returns Code128 bars with 10-module quiet zones counted in its width', () => {
    const code = encodeCode128('SM-00001');
    const bars = code.widths.reduce((a, b) => a + b, 0);
    expect(code.totalModules).toBe(bars + 2 * CODE128_QUIET_MODULES);
    expect(code.widths.length % 2).toBe(1); // starts and ends with a bar
  });
});

describe('fitText', () => {
  it('returns full-width kana and kanji as 1 em and ASCII and half-width kana as 0.62 em', () => {
    expect(textWidthEm('住民基本台帳')).toBe(6);
    expect(textWidthEm('SM-01')).toBeCloseTo(3.1);
    expect(textWidthEm('ｶﾅ')).toBeCloseTo(1.24);
  });

  it('keeps a short name large on one line and shrinks or wraps a long one to two lines', () => {
    expect(fitText('住民基本台帳', 40, 10, { maxPt: 10, minPt: 4, maxLines: 2 })).toEqual({ fontPt: 10, lines: ['住民基本台帳'], fits: true });
    const long = fitText('令和八年度 国民健康保険被保険者証 交付対象者一覧（バックアップ用・第二版）', 40, 10, { maxPt: 10, minPt: 4, maxLines: 2 });
    expect(long.fits).toBe(true);
    expect(long.lines.length).toBeLessThanOrEqual(2);
    expect(long.lines.join('').replace(/\s/g, '')).toBe('令和八年度国民健康保険被保険者証交付対象者一覧（バックアップ用・第二版）');
    expect(long.fontPt).toBeLessThan(10);
  });

  it('says so when even the smallest size does not fit', () => {
    expect(fitText('あ'.repeat(200), 20, 5, { maxPt: 8, minPt: 4, maxLines: 2 }).fits).toBe(false);
  });
});

describe('wrapText', () => {
  it.each([
    // [text, width in em, expected lines] — the words people reported split: 「US/Bメモリ」「クラウドサービ/ス」
    ['USBメモリ', 4, ['USB', 'メモリ']],
    ['バックアップ用USBメモリ', 7, ['バックアップ用', 'USBメモリ']],
    ['外部クラウドサービス利用記録', 8, ['外部', 'クラウドサービス', '利用記録']],
    ['DVD-R（令和8年度）', 5, ['DVD-R', '（令和8年', '度）']],
    ['住民記録、税務記録。', 5, ['住民記録、', '税務記録。']],
    ['SM-00001 予備', 4, ['SM-000', '01 予備']], // longer than a line: split by characters
  ] as const)('breaks %j at %d em as %j', (text, width, expected) => {
    expect(wrapText(text, width)).toEqual(expected);
  });

  it('never loses or adds a character other than spaces at a break, whatever the width', () => {
    const text = 'ﾊﾞｯｸｱｯﾌﾟ用 USB3.0メモリ（住民基本台帳・特定個人情報）No.12';
    for (let width = 1; width <= 30; width += 0.5) {
      const lines = wrapText(text, width);
      expect(lines.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
      for (const line of lines) expect(textWidthEm(line) <= width + 1e-9 || [...line].length === 1).toBe(true);
    }
  });

  it('keeps closing punctuation with the word before it and opening brackets with the word after', () => {
    expect(breakPieces('（用）、ア')).toEqual(['（用）、', 'ア']);
  });
});

describe('layoutLabel', () => {
  const inside = (outer: { widthMm: number; heightMm: number }, r: { x: number; y: number; width: number; height: number }) =>
    r.x >= 0 && r.y >= 0 && r.x + r.width <= outer.widthMm + 1e-9 && r.y + r.height <= outer.heightMm + 1e-9;

  it.each(bundledTemplates.map((t) => [t.name, t] as const))('keeps the QR code and its quiet zone inside every label of %s', (_name, t) => {
    const label = { widthMm: t.labelWidthMm, heightMm: t.labelHeightMm };
    const qr = encodeQr('SM-00001');
    const layout = layoutLabel(label, { code: 'qr', showName: true, showSection: true, showDate: true }, { name: 'USBメモリ', managementNumber: 'SM-00001', codeModules: { columns: qr.totalModules, rows: qr.totalModules }, hasMark: true });
    expect(inside(label, layout.code!.box)).toBe(true);
    expect(layout.code!.box.width).toBeCloseTo(layout.code!.moduleMm * qr.totalModules);
    for (const part of [layout.mark!.rect, layout.number.rect, layout.name!.rect]) expect(inside(label, part)).toBe(true);
    // Text never overlaps the code.
    expect(layout.number.rect.x).toBeGreaterThanOrEqual(layout.code!.box.x + layout.code!.box.width);
  });

  it('warns when a Code128 would be too small to scan', () => {
    const code = encodeCode128('SM-00001-ABCDEFGHIJ');
    const layout = layoutLabel({ widthMm: 20, heightMm: 12 }, { code: 'code128', showName: false, showSection: false, showDate: false }, { name: '', managementNumber: 'SM-00001', codeModules: { columns: code.totalModules, rows: 1 }, hasMark: false });
    expect(layout.warnings.join()).toMatch(/読み取れない/);
  });
});
