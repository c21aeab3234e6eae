/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Japanese), CRLF line ends, every cell
 * quoted. A cell that Excel would read as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so text from the ledger can never run as a formula on the machine that opens the file.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** Neutralises one cell against formula injection and quotes it. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The whole file as text (the caller encodes it as UTF-8). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
