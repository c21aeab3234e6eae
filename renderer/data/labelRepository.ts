/**
 * Label profiles (saved by users, picked at print time) and the record of printed labels, so a sheet
 * can be reprinted and media without a label can be found.
 */
import { defaultLabelProfiles, labelProfileSchema, type LabelProfile } from '../../shared/labels/labelProfile';
import { NO_OFFSET, printOffsetSchema, type PrintOffset } from '../../shared/labels/labelTemplate';
import { appendAudit } from './auditRepository';
import type { DaichoDb, LabelPrint } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';

const PROFILES_KEY = 'labelProfiles';
/** This terminal's printer correction (the database is per terminal, so is the printer). */
const OFFSET_KEY = 'labelPrintOffset';

/** The bundled label profiles, then the saved ones (a saved profile with a bundled id replaces it). */
export async function listLabelProfiles(db: DaichoDb): Promise<LabelProfile[]> {
  const record = await db.settings.get(PROFILES_KEY);
  const saved = (Array.isArray(record?.value) ? record.value : []).flatMap((data: unknown) => {
    const parsed = labelProfileSchema.safeParse(data);
    return parsed.success ? [parsed.data] : [];
  });
  const savedIds = new Set(saved.map((p) => p.id));
  return [...defaultLabelProfiles.filter((p) => !savedIds.has(p.id)), ...saved];
}

export type SaveLabelProfileResult = WriteResult<LabelProfile> | { ok: false; reason: 'invalid'; field: string; message: string };

/** Validates and saves a label profile (a custom sheet's geometry is checked to fit the page). */
export async function saveLabelProfile(db: DaichoDb, data: unknown, at: WriteContext): Promise<SaveLabelProfileResult> {
  const parsed = labelProfileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, reason: 'invalid', field: issue.path.join('.'), message: issue.message };
  }
  const profile = parsed.data;
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'label.profile', at);
      const record = await db.settings.get(PROFILES_KEY);
      const others = (Array.isArray(record?.value) ? (record.value as LabelProfile[]) : []).filter((p) => p.id !== profile.id);
      await db.settings.put({ key: PROFILES_KEY, value: [...others, profile] });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'label.profile', target: profile.id, outcome: 'success', detail: { name: profile.name, templateId: profile.templateId } }]);
      return profile;
    }),
  );
}

/** Records a print run (and audits it) under the signed-in person's name, whatever `actor` says. */
export function recordLabelPrint(db: DaichoDb, run: Omit<LabelPrint, 'id' | 'actor'>): Promise<WriteResult<LabelPrint>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.labelPrints, db.audit, async () => {
      const context = await signedContext(db, 'label.print', { now: run.at });
      const print: Omit<LabelPrint, 'id'> = { ...run, at: context.now, actor: context.actor };
      const id = await db.labelPrints.add(print);
      await appendAudit(db, [
        { at: print.at, actor: print.actor, action: 'label.print', target: '', outcome: 'success', detail: { labelProfile: print.labelProfileName, templateId: print.templateId, count: print.assetIds.length, output: print.output } },
      ]);
      return { ...print, id };
    }),
  );
}

/** Print runs, newest first. */
export function listLabelPrints(db: DaichoDb): Promise<LabelPrint[]> {
  return db.labelPrints.orderBy('at').reverse().toArray();
}

/** The printer correction for labels on this terminal (none until someone calibrates). */
export async function getPrintOffset(db: DaichoDb): Promise<PrintOffset> {
  const parsed = printOffsetSchema.safeParse((await db.settings.get(OFFSET_KEY))?.value);
  return parsed.success ? parsed.data : NO_OFFSET;
}

/** Saves the printer correction measured from a calibration print (audited: it moves every label). */
export async function savePrintOffset(db: DaichoDb, data: unknown, at: WriteContext): Promise<WriteResult<PrintOffset> | { ok: false; reason: 'invalid'; message: string }> {
  const parsed = printOffsetSchema.safeParse(data);
  if (!parsed.success) return { ok: false, reason: 'invalid', message: parsed.error.issues[0]!.message };
  const before = await getPrintOffset(db);
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      // The printer's correction is part of the label set-up: the same permission as a label profile.
      const context = await signedContext(db, 'label.profile', at);
      await db.settings.put({ key: OFFSET_KEY, value: parsed.data });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'label.offset', target: '', outcome: 'success', detail: { before, after: parsed.data } }]);
      return parsed.data;
    }),
  );
}
