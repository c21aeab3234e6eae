/**
 * Label sheets and tape labels as data, in millimetres (【03】第5条2: removable media carry their
 * class mark). The geometry decides where every label is printed; users of other tools report labels
 * printed a few millimetres off first, so every number here is checked against the printed PDF.
 */
import { z } from 'zod';
import bundled from './templates.json' with { type: 'json' };

const mm = (label: string, max: number) =>
  z.number({ error: `${label}を数値（mm）で入力してください。` }).min(0, { error: `${label}は0以上にしてください。` }).max(max, { error: `${label}は${max}mm以下にしてください。` });

/** A whole number of labels across or down, every refusal in Japanese (the form shows it as written). */
const count = (label: string, max: number) =>
  z
    .number({ error: `${label}を数値で入力してください。` })
    .int({ error: `${label}は整数で入力してください。` })
    .min(1, { error: `${label}は1以上にしてください。` })
    .max(max, { error: `${label}は${max}以下にしてください。` });

export const labelTemplateSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    name: z.string().trim().min(1, { error: '名前を入力してください。' }).max(60, { error: '名前は60文字以内にしてください。' }),
    kind: z.enum(['sheet', 'tape']),
    page: z.object({ widthMm: mm('用紙の幅', 500).min(10), heightMm: mm('用紙の高さ', 500).min(10) }),
    columns: count('列数', 20),
    rows: count('行数', 40),
    marginLeftMm: mm('左余白', 200),
    marginTopMm: mm('上余白', 200),
    pitchXMm: mm('横の送り', 300),
    pitchYMm: mm('縦の送り', 300),
    labelWidthMm: mm('ラベルの幅', 300).min(5, { error: 'ラベルの幅は5mm以上にしてください。' }),
    labelHeightMm: mm('ラベルの高さ', 300).min(5, { error: 'ラベルの高さは5mm以上にしてください。' }),
  })
  .superRefine((t, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (t.columns > 1 && t.pitchXMm < t.labelWidthMm) issue('pitchXMm', '横の送りはラベルの幅以上にしてください（ラベルが重なります）。');
    if (t.rows > 1 && t.pitchYMm < t.labelHeightMm) issue('pitchYMm', '縦の送りはラベルの高さ以上にしてください（ラベルが重なります）。');
    const right = t.marginLeftMm + (t.columns - 1) * t.pitchXMm + t.labelWidthMm;
    const bottom = t.marginTopMm + (t.rows - 1) * t.pitchYMm + t.labelHeightMm;
    // 0.05 mm of slack for sheets whose published figures are rounded to 0.1 mm.
    if (right > t.page.widthMm + 0.05) issue('columns', `ラベルが用紙の右端をはみ出します（右端 ${right.toFixed(1)}mm > 用紙 ${t.page.widthMm}mm）。`);
    if (bottom > t.page.heightMm + 0.05) issue('rows', `ラベルが用紙の下端をはみ出します（下端 ${bottom.toFixed(1)}mm > 用紙 ${t.page.heightMm}mm）。`);
  });

export type LabelTemplate = z.output<typeof labelTemplateSchema>;

/** The bundled templates (validated; a broken one is a programmer error). */
export const bundledTemplates: readonly LabelTemplate[] = (bundled as unknown[]).map((data) => labelTemplateSchema.parse(data));

/** One label's box on a page, in millimetres from the page's top-left corner. */
export interface LabelBox {
  page: number;
  /** Position on the sheet, 0-based, row by row. */
  slot: number;
  xMm: number;
  yMm: number;
  widthMm: number;
  heightMm: number;
}

/**
 * A printer's own drift, measured with a calibration print: printers that feed sheets by hand place
 * everything about 1 mm off, the same way on every sheet, so one X/Y correction per terminal fixes it.
 */
export const printOffsetSchema = z.object({
  xMm: z.number({ error: '横の補正を数値（mm）で入力してください。' }).min(-5, { error: '補正は -5mm から 5mm の間にしてください。' }).max(5, { error: '補正は -5mm から 5mm の間にしてください。' }),
  yMm: z.number({ error: '縦の補正を数値（mm）で入力してください。' }).min(-5, { error: '補正は -5mm から 5mm の間にしてください。' }).max(5, { error: '補正は -5mm から 5mm の間にしてください。' }),
});

export type PrintOffset = z.output<typeof printOffsetSchema>;

export const NO_OFFSET: PrintOffset = { xMm: 0, yMm: 0 };

/** How many sheets (or tape pieces) `count` labels take when `skip` slots of the first sheet are used. */
export function sheetCount(template: LabelTemplate, count: number, skip = 0): number {
  const boxes = labelBoxes(template, count, skip);
  return boxes.length === 0 ? 0 : boxes.at(-1)!.page + 1;
}

/**
 * Where `count` labels go, starting after `skip` slots already used on the first sheet (a partly used
 * sheet), moved by the printer's `offset`. Returns one box per label, page by page.
 */
export function labelBoxes(template: LabelTemplate, count: number, skip = 0, offset: PrintOffset = NO_OFFSET): LabelBox[] {
  const perPage = template.columns * template.rows;
  const start = Number.isFinite(skip) ? Math.max(0, Math.min(Math.floor(skip), perPage - 1)) : 0;
  const boxes: LabelBox[] = [];
  for (let i = 0; i < count; i++) {
    const position = start + i;
    const slot = position % perPage;
    boxes.push({
      page: Math.floor(position / perPage),
      slot,
      xMm: round(template.marginLeftMm + (slot % template.columns) * template.pitchXMm + offset.xMm),
      yMm: round(template.marginTopMm + Math.floor(slot / template.columns) * template.pitchYMm + offset.yMm),
      widthMm: template.labelWidthMm,
      heightMm: template.labelHeightMm,
    });
  }
  return boxes;
}

/** Rounds to 0.001 mm so sums of pitches do not drift in floating point. */
function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
