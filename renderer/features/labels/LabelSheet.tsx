/**
 * Label pages at true size: every length in millimetres (CSS mm), one page per sheet, laid out by the
 * template's geometry. The same markup is what the print dialog and the PDF get.
 */
import { memo, useEffect, useMemo, useState } from 'react';
import { usePageRule } from '../../components/usePageRule';
import { encodeCode128, encodeQr, CODE128_QUIET_MODULES, type Code128Symbol, type QrSymbol } from '../../../shared/labels/encodeBarcode';
import { labelBoxes, NO_OFFSET, type LabelTemplate, type PrintOffset } from '../../../shared/labels/labelTemplate';
import { layoutLabel, type Rect } from '../../../shared/labels/layoutLabel';
import type { LabelProfile } from '../../../shared/labels/labelProfile';
import { qrPath } from '../../../shared/labels/symbolPath';

/** What one label shows (already resolved: mark from the effective class, code text from the profile). */
export interface LabelData {
  assetId: string;
  managementNumber: string;
  name: string;
  mark: { symbol: string; colour: string } | null;
  codeText: string;
  section: string;
  date: string;
}

const mm = (value: number) => `${value}mm`;
const place = (r: Rect) => ({ left: mm(r.x), top: mm(r.y), width: mm(r.width), height: mm(r.height) });

/** Sets the printed page size from the template. */
function usePageSize(template: LabelTemplate) {
  usePageRule(`@page { size: ${template.page.widthMm}mm ${template.page.heightMm}mm; margin: 0; }`);
}

/**
 * Pages drawn per step. 1,000 labels (42 sheets) at once would freeze the window for seconds (issue
 * 15), so the preview grows by a few sheets per task and the window answers in between. Since QR
 * codes are encoded in tens of microseconds (qrEncode.ts) and sheets out of view are not laid out
 * (styles.css), a step of four sheets costs about what two did, in half the steps.
 */
export const PAGES_PER_STEP = 4;

/** What the screen needs from the preview: whether every sheet is drawn, and their layout warnings. */
export interface LabelSheetState {
  ready: boolean;
  warnings: ReturnType<typeof layoutLabel>['warnings'];
}

export function LabelSheet({ template, profile, labels, skip, outlines, offset = NO_OFFSET, onReady }: { template: LabelTemplate; profile: LabelProfile; labels: LabelData[]; skip: number; outlines: boolean; offset?: PrintOffset; onReady?: (state: LabelSheetState) => void }) {
  usePageSize(template);
  const boxes = useMemo(() => labelBoxes(template, labels.length, skip, offset), [template, labels.length, skip, offset]);
  const pages = boxes.length === 0 ? 0 : boxes.at(-1)!.page + 1;
  const [drawn, setDrawn] = useState(PAGES_PER_STEP);
  // A different selection starts small again (its symbols may not be encoded yet).
  const [drawnFor, setDrawnFor] = useState(labels);
  if (drawnFor !== labels && (drawnFor.length !== labels.length || drawnFor[0]?.codeText !== labels[0]?.codeText)) {
    setDrawnFor(labels);
    setDrawn(PAGES_PER_STEP);
  }
  const shownPages = Math.min(pages, drawn);
  // The layout warnings of what is drawn (symbols are cached: no label is encoded twice).
  const drawnLabels = boxes.filter((box) => box.page < shownPages).length;
  const warnings = [...new Set(labels.slice(0, drawnLabels).flatMap((l) => planLabel(l, profile, template.labelWidthMm, template.labelHeightMm).layout.warnings))];
  const warningsKey = JSON.stringify(warnings);
  useEffect(() => {
    onReady?.({ ready: shownPages >= pages, warnings: JSON.parse(warningsKey) as LabelSheetState['warnings'] });
  }, [shownPages, pages, warningsKey, onReady]);
  useEffect(() => {
    if (shownPages >= pages) return;
    const next = setTimeout(() => setDrawn((n) => n + PAGES_PER_STEP), 0);
    return () => clearTimeout(next);
  }, [shownPages, pages]);
  return (
    <div className={`label-pages${outlines ? ' label-pages--outlines' : ''}`} data-template={template.id}>
      {shownPages < pages && (
        <p className="muted no-print" role="status">プレビューを作成しています（{shownPages} / {pages} 枚）。終わると印刷できます。</p>
      )}
      {Array.from({ length: shownPages }, (_, page) => (
        <LabelPage key={page} page={page} template={template} boxes={boxes} labels={labels} profile={profile} />
      ))}
    </div>
  );
}

/** One sheet. Memoised: as the preview grows, the sheets already drawn are not drawn again. */
const LabelPage = memo(function LabelPage({ page, template, boxes, labels, profile }: { page: number; template: LabelTemplate; boxes: ReturnType<typeof labelBoxes>; labels: LabelData[]; profile: LabelProfile }) {
  return (
    <div className="label-page" style={{ width: mm(template.page.widthMm), height: mm(template.page.heightMm) }} aria-label={`${page + 1}枚目`}>
      {boxes.map((box, i) =>
        box.page === page ? (
          <div key={labels[i]!.assetId} className="label" data-slot={box.slot} style={place({ x: box.xMm, y: box.yMm, width: box.widthMm, height: box.heightMm })}>
            <Label data={labels[i]!} profile={profile} widthMm={box.widthMm} heightMm={box.heightMm} />
          </div>
        ) : null,
      )}
    </div>
  );
});

/**
 * The calibration print: every slot's outline and its number, nothing else. Laid on a label sheet
 * against the light, it shows how far this printer places things off; that distance is the offset.
 */
export function CalibrationSheet({ template, offset }: { template: LabelTemplate; offset: PrintOffset }) {
  usePageSize(template);
  const boxes = labelBoxes(template, template.columns * template.rows, 0, offset);
  return (
    <div className="label-pages label-pages--outlines" data-template={template.id}>
      <div className="label-page" style={{ width: mm(template.page.widthMm), height: mm(template.page.heightMm) }} aria-label="位置合わせ用の1枚">
        {boxes.map((box) => (
          <div key={box.slot} className="label label--calibration" data-slot={box.slot} style={place({ x: box.xMm, y: box.yMm, width: box.widthMm, height: box.heightMm })}>
            <span className="label__footer" style={{ left: '1mm', top: '1mm', fontSize: '6pt' }}>{box.slot + 1}</span>
          </div>
        ))}
      </div>
    </div>
  );
}

/**
 * Encoded symbols by kind and text. The warnings and every re-render of the preview (each click on
 * the screen) need the same symbols again; bwip-js takes milliseconds per QR code, so 1,000 labels
 * were encoded twice per render before (issue 15). Bounded: the oldest are dropped past the limit.
 */
const symbolCache = new Map<string, QrSymbol | Code128Symbol>();
const SYMBOL_CACHE_LIMIT = 5000;
function cachedSymbol(kind: 'qr' | 'code128', text: string): QrSymbol | Code128Symbol {
  const key = `${kind}\u0000${text}`;
  let symbol = symbolCache.get(key);
  if (!symbol) {
    symbol = kind === 'qr' ? encodeQr(text) : encodeCode128(text);
    if (symbolCache.size >= SYMBOL_CACHE_LIMIT) symbolCache.delete(symbolCache.keys().next().value!);
    symbolCache.set(key, symbol);
  }
  return symbol;
}

/** Plans by label (the screen keeps its label objects while the selection is unchanged). */
const planCache = new WeakMap<LabelData, { profile: LabelProfile; widthMm: number; heightMm: number; plan: ReturnType<typeof computePlan> }>();

/** The encoded symbol and the layout of one label: what the preview draws and what warnings check. */
export function planLabel(data: LabelData, profile: LabelProfile, widthMm: number, heightMm: number) {
  const hit = planCache.get(data);
  if (hit && hit.profile === profile && hit.widthMm === widthMm && hit.heightMm === heightMm) return hit.plan;
  const plan = computePlan(data, profile, widthMm, heightMm);
  planCache.set(data, { profile, widthMm, heightMm, plan });
  return plan;
}

function computePlan(data: LabelData, profile: LabelProfile, widthMm: number, heightMm: number) {
  const symbol = profile.code === 'qr' || profile.code === 'code128' ? cachedSymbol(profile.code, data.codeText) : null;
  const layout = layoutLabel({ widthMm, heightMm }, profile, {
    name: data.name,
    managementNumber: data.managementNumber,
    codeModules: symbol ? { columns: symbol.totalModules, rows: symbol.kind === 'qr' ? symbol.totalModules : 1 } : null,
    hasMark: data.mark !== null,
  });
  return { symbol, layout };
}

function Label({ data, profile, widthMm, heightMm }: { data: LabelData; profile: LabelProfile; widthMm: number; heightMm: number }) {
  const { symbol, layout } = planLabel(data, profile, widthMm, heightMm);
  const footer = [profile.showSection ? data.section : '', profile.showDate ? data.date : ''].filter(Boolean).join('　');
  return (
    <>
      {layout.code && symbol && (
        <div className="label__code" style={place(layout.code.box)}>
          {symbol.kind === 'qr' ? <QrSvg symbol={symbol} /> : <Code128Svg symbol={symbol} />}
        </div>
      )}
      {layout.mark && data.mark && (
        <span className="label__mark" style={{ ...place(layout.mark.rect), fontSize: `${layout.mark.fontPt}pt`, color: data.mark.colour }}>
          {data.mark.symbol}
        </span>
      )}
      <span className="label__number" style={{ ...place(layout.number.rect), fontSize: `${layout.number.fontPt}pt` }}>
        {data.managementNumber}
      </span>
      {layout.name && (
        <span className="label__name" style={{ ...place(layout.name.rect), fontSize: `${layout.name.fitted.fontPt}pt` }} aria-label={data.name}>
          {/* Lines broken by fitText (words kept whole), so the preview, the print and the fit check agree. */}
          {layout.name.fitted.lines.map((line, i) => (
            <span key={i} className="label__line" aria-hidden="true">{line}</span>
          ))}
        </span>
      )}
      {layout.footer && footer && (
        <span className="label__footer" style={{ ...place(layout.footer.rect), fontSize: `${layout.footer.fontPt}pt` }}>
          {footer}
        </span>
      )}
    </>
  );
}

/** QR modules as one SVG path, the quiet zone included in the view box (drawn white). */
const qrPaths = new WeakMap<QrSymbol, string>();
function QrSvg({ symbol }: { symbol: QrSymbol }) {
  let path = qrPaths.get(symbol);
  if (path === undefined) {
    path = qrPath(symbol);
    qrPaths.set(symbol, path);
  }
  return (
    <svg viewBox={`0 0 ${symbol.totalModules} ${symbol.totalModules}`} width="100%" height="100%" shapeRendering="crispEdges" role="img" aria-label="QRコード">
      <rect width={symbol.totalModules} height={symbol.totalModules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}

/** Code128 bars, quiet zones included in the view box. */
function Code128Svg({ symbol }: { symbol: Code128Symbol }) {
  let x = CODE128_QUIET_MODULES;
  const bars: { x: number; w: number }[] = [];
  symbol.widths.forEach((w, i) => {
    if (i % 2 === 0) bars.push({ x, w });
    x += w;
  });
  return (
    <svg viewBox={`0 0 ${symbol.totalModules} 10`} width="100%" height="100%" preserveAspectRatio="none" shapeRendering="crispEdges" role="img" aria-label="バーコード">
      <rect width={symbol.totalModules} height={10} fill="#fff" />
      {bars.map((bar) => (
        <rect key={bar.x} x={bar.x} width={bar.w} height={10} fill="#000" />
      ))}
    </svg>
  );
}
