/**
 * The section's settings entered at first run: organisation, section, 管理番号 prefix, date style and
 * the policy profile. Who is operating comes from the signed-in account, not from settings.
 */
import { z } from 'zod';
import { managementPrefixPattern } from './managementNumber';
import { sanitizeText } from './sanitizeText';
import type { DateStyle } from './formatDate';

export interface SectionSettings {
  organisation: string;
  section: string;
  managementPrefix: string;
  dateStyle: DateStyle;
  /** The policy profile the section classifies under (default: nishinomiya). */
  profileId: string;
}

/** Values for settings saved before a field existed. */
export const settingsDefaults: Pick<SectionSettings, 'profileId' | 'dateStyle'> = {
  profileId: 'nishinomiya',
  dateStyle: 'seireki',
};

const name = (label: string, max: number) =>
  z
    .string({ error: `${label}を入力してください。` })
    .transform((value) => sanitizeText(value))
    .pipe(
      z
        .string()
        .min(1, { error: `${label}を入力してください。` })
        .max(max, { error: `${label}は${max}文字以内で入力してください。` }),
    );

/** Schema of the first-run setup form. */
export const sectionSettingsSchema = z.object({
  organisation: name('団体名', 60),
  section: name('課の名称', 60),
  managementPrefix: z
    .string()
    // Full-width ＳＭ－ (typed with the IME on) is the same prefix: folded like the 職員番号.
    .transform((value) => sanitizeText(value).normalize('NFKC').toUpperCase())
    .pipe(
      z.string().regex(managementPrefixPattern, {
        error: '管理番号の接頭辞は半角英数字と - _ . / の16文字以内で入力してください（例: KZ-）。',
      }),
    ),
  dateStyle: z.enum(['seireki', 'wareki']),
  profileId: z.string().min(1, { error: '分類基準を選んでください。' }),
});
