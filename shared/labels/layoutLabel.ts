/**
 * Where each element goes inside one label, in millimetres from the label's top-left corner. The
 * code's quiet zone is part of its box and the box stays inside the label, so a QR code is never cut.
 */
import { fitText, textHeightMm, type FittedText } from './fitText';
import type { LabelProfile } from './labelProfile';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LabelLayout {
  /** The code's box, quiet zone included (drawn white), and the size of one module. */
  code: { box: Rect; moduleMm: number } | null;
  mark: { rect: Rect; fontPt: number } | null;
  number: { rect: Rect; fontPt: number };
  name: { rect: Rect; fitted: FittedText } | null;
  footer: { rect: Rect; fontPt: number } | null;
  /** Things the person should know before printing (a code too small to scan, a name too long). */
  warnings: string[];
}

/** Smallest module a label printer and a phone camera handle reliably. */
const MIN_MODULE_MM = 0.25;

export function layoutLabel(
  label: { widthMm: number; heightMm: number },
  profile: Pick<LabelProfile, 'code' | 'showName' | 'showSection' | 'showDate'>,
  content: { name: string; managementNumber: string; codeModules: { columns: number; rows: number } | null; hasMark: boolean },
): LabelLayout {
  const pad = Math.min(2, Math.max(0.8, Math.min(label.widthMm, label.heightMm) * 0.06));
  const inner: Rect = { x: pad, y: pad, width: label.widthMm - 2 * pad, height: label.heightMm - 2 * pad };
  const warnings: string[] = [];
  let text = inner;
  let code: LabelLayout['code'] = null;

  if (profile.code === 'qr' && content.codeModules) {
    const side = Math.min(inner.height, inner.width * 0.45);
    const moduleMm = side / content.codeModules.columns;
    const box = { x: inner.x, y: inner.y + (inner.height - side) / 2, width: side, height: side };
    code = { box, moduleMm };
    text = { x: box.x + side + pad, y: inner.y, width: inner.width - side - pad, height: inner.height };
  } else if (profile.code === 'code128' && content.codeModules) {
    const height = Math.min(8, inner.height * 0.4);
    const moduleMm = inner.width / content.codeModules.columns;
    code = { box: { x: inner.x, y: inner.y + inner.height - height, width: inner.width, height }, moduleMm };
    text = { x: inner.x, y: inner.y, width: inner.width, height: inner.height - height - pad / 2 };
  }
  if (code && code.moduleMm < MIN_MODULE_MM) warnings.push('コードが小さすぎて読み取れない可能性があります。大きいラベルを選んでください。');

  // Text column from the top: mark and number on one line, then the name, then section and date.
  const headPt = clamp(text.height / 3.2 / (25.4 / 72) / 1.2, 6, 14);
  const headHeight = textHeightMm(headPt, 1);
  const markWidth = content.hasMark ? headHeight * 1.1 : 0;
  const mark = content.hasMark ? { rect: { x: text.x, y: text.y, width: markWidth, height: headHeight }, fontPt: headPt } : null;
  const numberRect = { x: text.x + markWidth, y: text.y, width: text.width - markWidth, height: headHeight };
  const numberFit = fitText(content.managementNumber, numberRect.width, numberRect.height, { maxPt: headPt, minPt: 4, maxLines: 1 });
  if (!numberFit.fits) warnings.push('管理番号がラベルの幅に収まりません。大きいラベルを選んでください。');
  const number = { rect: numberRect, fontPt: numberFit.fontPt };

  const footerText = profile.showSection || profile.showDate;
  const footerPt = clamp(headPt * 0.6, 5, 8);
  const footerHeight = footerText ? textHeightMm(footerPt, 1) : 0;
  const footer = footerText ? { rect: { x: text.x, y: text.y + text.height - footerHeight, width: text.width, height: footerHeight }, fontPt: footerPt } : null;

  let name: LabelLayout['name'] = null;
  if (profile.showName) {
    const rect = { x: text.x, y: text.y + headHeight, width: text.width, height: Math.max(0, text.height - headHeight - footerHeight) };
    const fitted = fitText(content.name, rect.width, rect.height, { maxPt: clamp(headPt * 0.8, 5, 11), minPt: 4, maxLines: 2 });
    if (!fitted.fits) warnings.push('名称が長いため、小さい文字でも2行に収まりません。名称を短くするか、大きいラベルを選んでください。');
    name = { rect, fitted };
  }
  return { code, mark, number, name, footer, warnings };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
