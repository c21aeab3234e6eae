/**
 * Removes control characters from user text (C0 except TAB/LF, DEL, C1, bidi overrides and
 * zero-width joiners used to disguise text) and trims it. Stops invisible characters from making two
 * management numbers look alike, and bidi tricks from reordering what a reviewer sees.
 * Line breaks are kept only when `multiline` is set (備考).
 */
export function sanitizeText(value: string, options: { multiline?: boolean } = {}): string {
  const withoutControls = options.multiline
    ? value.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g, '')
    : value.replace(/[\u0000-\u001F\u007F-\u009F]/g, '');
  return withoutControls.replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '').normalize('NFC').trim();
}

/**
 * Full-width ASCII (ＳＭ－００１, typed with the IME on) and the ideographic space as half-width, and
 * nothing else: not NFKC, which also turns ① into 1, Ⅱ into II and ¹ into 1 — a 管理番号 the clerk did
 * not write, perhaps another asset's.
 */
export function halfWidthAscii(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}
