/**
 * CSV for Excel: UTF-8 with a byte-order mark (so Excel reads Japanese), CRLF line ends, every cell
 * quoted. A cell that Excel would read as a formula (starting with = + - @, tab or CR) gets a leading
 * apostrophe, so text from the ledger can never run as a formula on the machine that opens the file.
 */
const formulaStart = /^[=+\-@\t\r]/;

/** JSON for a value that is not text; String() where JSON has none (a BigInt, a cycle: read back from a record written by hand). */
function jsonOrString(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Neutralises one cell against formula injection and quotes it. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : jsonOrString(value);
  if (formulaStart.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
}

/** The whole file as text (the caller encodes it as UTF-8). */
export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
