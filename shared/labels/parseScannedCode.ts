/**
 * What a scanned label says. A USB barcode scanner types the code like a keyboard, so the text that
 * reaches the stock-take screen is whatever the label's QR or Code128 holds (`codeText` in
 * labelProfile.ts): the 管理番号 alone, or the section, one space, and the 管理番号. A person may also
 * type the number by hand, possibly with the IME on (full-width letters) or in lower case.
 */
import { halfWidthAscii, sanitizeText } from '../domain/sanitizeText';

/** The 管理番号 alphabet (assetInputSchema): letters, digits and - _ . / , starting with a letter or digit. */
const numberPattern = /^[0-9A-Z][0-9A-Z\-_./]*$/;
/** Longest 管理番号 the ledger accepts (fieldLimits.managementNumber) plus a section name. */
const maxScanLength = 200;

export type ScannedCode =
  | { ok: true; managementNumber: string; section: string | null }
  | { ok: false; reason: 'empty' | 'too-long' | 'not-a-number'; text: string };

/**
 * Parses one scanned or typed code. Full-width letters, digits and spaces are folded to half width
 * (the IME left on) and letters upper-cased, as the ledger's form reads numbers; width only, not NFKC,
 * which read SM-0000① as SM-00001 and SYS-Ⅱ as SYS-II (another asset found for a label nobody scanned); a leading section (the label's 「課と管理番号」 content) is split off at
 * the last space, since a 管理番号 never holds a space but a section name may. Anything else (a code
 * from another system, a URL, a mis-scan) is returned as a value, so the screen can list it as unknown.
 */
export function parseScannedCode(raw: string): ScannedCode {
  const text = sanitizeText(halfWidthAscii(raw), { multiline: false }).trim();
  if (text === '') return { ok: false, reason: 'empty', text };
  if (text.length > maxScanLength) return { ok: false, reason: 'too-long', text: text.slice(0, maxScanLength) };
  const space = text.lastIndexOf(' ');
  const number = (space < 0 ? text : text.slice(space + 1)).toUpperCase();
  const section = space < 0 ? null : text.slice(0, space).trim();
  if (!numberPattern.test(number) || number.length > 32) return { ok: false, reason: 'not-a-number', text };
  return { ok: true, managementNumber: number, section: section === '' ? null : section };
}
