/**
 * A horizontal bar chart drawn in plain SVG inside an ordinary table. Why not a charting library: no new
 * dependency to vet for an offline terminal (and no network or web fonts it might reach for), a few
 * lines instead of hundreds of kilobytes, and SVG prints as sharp vectors on the A4 page. Why a table:
 * the numbers stand beside the bars as text, so a screen reader reads "承認待ちの分類 3件" row by row
 * and the bars themselves are decoration (aria-hidden).
 */
export interface Bar {
  label: string;
  value: number;
  /** Draws the bar in the warning colour (something to act on). */
  attention?: boolean;
  /** Unit after the number (件 by default). */
  unit?: string;
}

const WIDTH = 240;
const HEIGHT = 14;

export function BarChart({ title, bars, caption }: { title: string; bars: readonly Bar[]; caption?: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  return (
    <table className="chart" aria-label={title}>
      <caption>{title}{caption && <span className="chart__caption">{caption}</span>}</caption>
      <tbody>
        {bars.map((bar) => (
          <tr key={bar.label} className={bar.attention && bar.value > 0 ? 'chart__row chart__row--attention' : 'chart__row'}>
            <th scope="row">{bar.label}</th>
            <td className="chart__bar">
              <svg width={WIDTH} height={HEIGHT} viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
                <rect x="0" y="0" width={WIDTH} height={HEIGHT} className="chart__track" />
                {bar.value > 0 && <rect x="0" y="0" width={Math.max(2, (bar.value / max) * WIDTH)} height={HEIGHT} className="chart__fill" />}
              </svg>
            </td>
            <td className="chart__value">{bar.value.toLocaleString('ja-JP')}{bar.unit ?? '件'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
