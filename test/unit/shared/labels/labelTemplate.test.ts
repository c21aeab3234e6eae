import { describe, expect, it } from 'vitest';
import { bundledTemplates, labelBoxes, labelTemplateSchema, printOffsetSchema, sheetCount } from '../../../../shared/labels/labelTemplate';

const template = (id: string) => bundledTemplates.find((t) => t.id === id)!;

describe('bundledTemplates', () => {
  it('ships 12-, 24-, 44- and 65-up A4 sheets and tape labels', () => {
    const sheets = bundledTemplates.filter((t) => t.kind === 'sheet').map((t) => t.columns * t.rows);
    expect(sheets).toEqual([12, 24, 44, 65, 24, 65]);
    expect(bundledTemplates.filter((t) => t.kind === 'tape').length).toBeGreaterThanOrEqual(2);
  });

  it.each(bundledTemplates.map((t) => [t.name, t] as const))('keeps every label of %s on the page', (_name, t) => {
    const boxes = labelBoxes(t, t.columns * t.rows);
    for (const box of boxes) {
      expect(box.xMm).toBeGreaterThanOrEqual(0);
      expect(box.yMm).toBeGreaterThanOrEqual(0);
      expect(box.xMm + box.widthMm).toBeLessThanOrEqual(t.page.widthMm + 0.05);
      expect(box.yMm + box.heightMm).toBeLessThanOrEqual(t.page.heightMm + 0.05);
    }
  });
});

describe('product presets', () => {
  // Published geometry of the sheets people buy (A-ONE's templates): no gaps between labels.
  it.each([
    ['aone-72224', { columns: 3, rows: 8, labelWidthMm: 66, labelHeightMm: 33.9, marginLeftMm: 6.0, marginTopMm: 12.9 }],
    ['aone-72265', { columns: 5, rows: 13, labelWidthMm: 38.1, labelHeightMm: 21.2, marginLeftMm: 9.75, marginTopMm: 10.7 }],
  ] as const)('%s has the published size, layout and margins, with no gaps', (id, expected) => {
    const t = template(id);
    expect(t).toMatchObject(expected);
    expect([t.pitchXMm, t.pitchYMm]).toEqual([t.labelWidthMm, t.labelHeightMm]);
    const boxes = labelBoxes(t, t.columns * t.rows);
    // Symmetric on the page: the right margin equals the left one.
    expect(t.page.widthMm - (boxes.at(-1)!.xMm + t.labelWidthMm)).toBeCloseTo(t.marginLeftMm, 2);
  });
});

describe('labelBoxes', () => {
  it('moves every box by the printer offset and nothing else', () => {
    const plain = labelBoxes(template('aone-72224'), 4, 1);
    const moved = labelBoxes(template('aone-72224'), 4, 1, { xMm: -1.2, yMm: 0.8 });
    expect(moved.map((b, i) => [b.xMm - plain[i]!.xMm, b.yMm - plain[i]!.yMm].map((d) => Math.round(d * 1000) / 1000))).toEqual(Array(4).fill([-1.2, 0.8]));
    expect(moved.map((b) => [b.slot, b.widthMm])).toEqual(plain.map((b) => [b.slot, b.widthMm]));
  });

  it('counts sheets separately from labels', () => {
    expect(sheetCount(template('a4-12'), 5, 10)).toBe(2);
    expect(sheetCount(template('aone-72224'), 24)).toBe(1);
    expect(sheetCount(template('aone-72224'), 25)).toBe(2);
    expect(sheetCount(template('a4-12'), 0)).toBe(0);
  });

  it('returns positions from margins and pitches, row by row', () => {
    const boxes = labelBoxes(template('a4-65'), 7);
    expect(boxes.slice(0, 2).map((b) => [b.xMm, b.yMm])).toEqual([[4.7, 10.7], [45.3, 10.7]]);
    expect(boxes[5]).toMatchObject({ slot: 5, xMm: 4.7, yMm: 31.9, widthMm: 38.1, heightMm: 21.2 });
  });

  it('starts after the skipped slots of a partly used sheet and continues on new pages', () => {
    const t = template('a4-12');
    const boxes = labelBoxes(t, 5, 10);
    expect(boxes.map((b) => [b.page, b.slot])).toEqual([[0, 10], [0, 11], [1, 0], [1, 1], [1, 2]]);
    expect(boxes[2]).toMatchObject({ xMm: 18.6, yMm: 21.5 });
  });

  it('does not drift over many rows (rounded to 0.001 mm)', () => {
    const last = labelBoxes(template('a4-44'), 44).at(-1)!;
    expect(last.yMm).toBe(8.8 + 10 * 25.4);
  });

  it.each([-3, 1e9, Number.NaN])('treats a nonsense skip %s as a valid slot', (skip) => {
    const [box] = labelBoxes(template('a4-12'), 1, skip);
    expect(box!.slot).toBeGreaterThanOrEqual(0);
    expect(box!.slot).toBeLessThan(12);
  });
});

describe('printOffsetSchema', () => {
  it.each([
    [{ xMm: 0, yMm: 0 }, true],
    [{ xMm: -5, yMm: 5 }, true],
    [{ xMm: 5.1, yMm: 0 }, false],
    [{ xMm: 0, yMm: Number.NaN }, false],
    [{ xMm: '1', yMm: 0 }, false],
  ])('accepts %j: %s', (offset, ok) => {
    expect(printOffsetSchema.safeParse(offset).success).toBe(ok);
  });
});

describe('labelTemplateSchema', () => {
  const custom = { id: 'custom', name: '自作', kind: 'sheet', page: { widthMm: 210, heightMm: 297 }, columns: 3, rows: 7, marginLeftMm: 5, marginTopMm: 10, pitchXMm: 66, pitchYMm: 38, labelWidthMm: 64, labelHeightMm: 36 };

  it('accepts a custom sheet that fits the page', () => {
    expect(labelTemplateSchema.safeParse(custom).success).toBe(true);
  });

  it.each([
    ['labels overlapping sideways', { pitchXMm: 60 }, 'pitchXMm'],
    ['labels running off the right edge', { columns: 4 }, 'columns'],
    ['labels running off the bottom', { rows: 8 }, 'rows'],
    ['a negative margin', { marginLeftMm: -1 }, 'marginLeftMm'],
    ['a label too small to hold anything', { labelWidthMm: 2 }, 'labelWidthMm'],
    ['a text instead of a number', { pitchYMm: '38' }, 'pitchYMm'],
  ])('refuses %s, naming the field', (_name, change, field) => {
    const result = labelTemplateSchema.safeParse({ ...custom, ...change });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path[0]).toBe(field);
  });

  it.each([
    ['an emptied 列数 field (NaN)', { columns: Number.NaN }, '列数を数値で入力してください。'],
    ['a fraction of a row', { rows: 1.5 }, '行数は整数で入力してください。'],
    ['no columns', { columns: 0 }, '列数は1以上にしてください。'],
    ['more columns than any sheet has', { columns: 21, pitchXMm: 1, labelWidthMm: 5, marginLeftMm: 0 }, '列数は20以下にしてください。'],
    ['more rows than any sheet has', { rows: 41, pitchYMm: 1, labelHeightMm: 5, marginTopMm: 0 }, '行数は40以下にしてください。'],
    ['a name of 61 characters', { name: 'あ'.repeat(61) }, '名前は60文字以内にしてください。'],
  ])('refuses %s in Japanese (the label form shows the message as written)', (_name, change, message) => {
    const result = labelTemplateSchema.safeParse({ ...custom, ...change });
    expect(result.error?.issues[0]?.message).toBe(message);
  });
});
