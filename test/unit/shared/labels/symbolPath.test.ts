import { describe, expect, it } from 'vitest';
import { qrPath } from '../../../../shared/labels/symbolPath';
import { encodeQr, QR_QUIET_MODULES } from '../../../../shared/labels/encodeBarcode';

/** The modules a path covers, read back from its rectangles (the path's only commands). */
function covered(path: string, size: number): number[] {
  const grid = new Array<number>(size * size).fill(0);
  for (const [, x, y, w, h] of path.matchAll(/M(\d+) (\d+)h(\d+)v(\d+)h-\3z/g)) {
    for (let j = 0; j < Number(h); j++) {
      for (let i = 0; i < Number(w); i++) {
        const at = (Number(y) - QR_QUIET_MODULES + j) * size + Number(x) - QR_QUIET_MODULES + i;
        grid[at] = (grid[at] ?? 0) + 1;
      }
    }
  }
  return grid;
}

describe('qrPath', () => {
  it.each([
    ['nothing dark', 3, [0, 0, 0, 0, 0, 0, 0, 0, 0], ''],
    ['one module', 3, [0, 0, 0, 0, 1, 0, 0, 0, 0], 'M5 5h1v1h-1z'],
    ['a full row is one rectangle', 3, [1, 1, 1, 0, 0, 0, 0, 0, 0], 'M4 4h3v1h-3z'],
    ['runs end at the row end, not across it', 2, [0, 1, 1, 0], 'M5 4h1v1h-1zM4 5h1v1h-1z'],
    ['two runs in one row', 5, [1, 1, 0, 1, 0, ...new Array(20).fill(0)], 'M4 4h2v1h-2zM7 4h1v1h-1z'],
    ['a run repeated below grows down', 2, [1, 0, 1, 0], 'M4 4h1v2h-1z'],
    ['a run below that starts alike but is longer is its own', 3, [1, 0, 0, 1, 1, 0, 1, 0, 0], 'M4 4h1v1h-1zM4 5h2v1h-2zM4 6h1v1h-1z'],
    ['a block grows down while its neighbour ends', 3, [1, 0, 1, 1, 0, 0, 1, 0, 0], 'M4 4h1v3h-1zM6 4h1v1h-1z'],
  ])('draws %s', (_, size, modules, expected) => {
    expect(qrPath({ size, modules })).toBe(expected);
  });

  it.each(['SM-000001', 'SM-012346', '市民課 SM-000001'])('covers exactly the dark modules of %j, each once', (text) => {
    const symbol = encodeQr(text);
    expect(covered(qrPath(symbol), symbol.size)).toEqual(symbol.modules.map((m) => (m ? 1 : 0)));
  });

  it('uses far fewer rectangles than dark modules for a real symbol', () => {
    const symbol = encodeQr('SM-000001');
    const rects = qrPath(symbol).split('M').length - 1;
    expect(rects).toBeLessThan(symbol.modules.filter(Boolean).length * 0.5);
  });
});
