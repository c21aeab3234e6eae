/**
 * 管理番号: unique within the section, proposed as the section's prefix plus the next free serial
 * (e.g. "KZ-00042"), and editable by the user.
 */

/** Prefix rule: letters, digits and - _ . / (the same alphabet as the number itself), up to 16. */
export const managementPrefixPattern = /^[0-9A-Za-z][0-9A-Za-z\-_./]{0,15}$/;

/**
 * Returns the next number after the highest serial already used with this prefix, zero-padded to 5
 * digits. Numbers that do not start with the prefix, or whose rest is not a serial, are ignored.
 */
export function nextManagementNumber(prefix: string, existing: Iterable<string>): string {
  let highest = 0;
  for (const number of existing) {
    if (!number.startsWith(prefix)) continue;
    const rest = number.slice(prefix.length);
    if (!/^\d{1,9}$/.test(rest)) continue;
    highest = Math.max(highest, Number(rest));
  }
  return `${prefix}${String(highest + 1).padStart(5, '0')}`;
}
