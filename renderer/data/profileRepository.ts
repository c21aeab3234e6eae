/**
 * Policy profiles available to the section: the bundled ones plus those the central office
 * distributed as files (validated before they are stored). Switching the section's profile is
 * recorded, and classifications made under another profile are marked for review, never changed.
 */
import { markForReview } from '../../shared/domain/classification';
import { parsePolicyProfile, type PolicyProfile } from '../../shared/domain/policyProfile';
import { bundledProfiles } from '../../shared/domain/profiles/bundledProfiles';
import type { SectionSettings } from '../../shared/domain/sectionSettings';
import { appendAudit } from './auditRepository';
import { recomputeDerived } from './classificationRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';

const CUSTOM_KEY = 'customProfiles';

/** Profiles loaded from files, as stored (each was validated when loaded; validated again on read). */
async function customProfiles(db: DaichoDb): Promise<PolicyProfile[]> {
  const record = await db.settings.get(CUSTOM_KEY);
  const stored = Array.isArray(record?.value) ? (record.value as unknown[]) : [];
  return stored.flatMap((data) => {
    const parsed = parsePolicyProfile(data);
    return parsed.ok ? [parsed.profile] : [];
  });
}

/** Every profile the section may use: bundled first, then loaded ones (a loaded id replaces none). */
export async function listProfiles(db: DaichoDb): Promise<PolicyProfile[]> {
  const bundledIds = new Set(bundledProfiles.map((p) => p.id));
  return [...bundledProfiles, ...(await customProfiles(db)).filter((p) => !bundledIds.has(p.id))];
}

export type ProfileLoadResult =
  | { ok: true; profile: PolicyProfile }
  | { ok: false; reason: 'invalid'; field: string; message: string }
  | { ok: false; reason: 'bundled-id' | 'failed' | 'quota' | 'not-signed-in' | 'not-permitted' };

/** Validates a profile file's contents and stores it; the same id replaces an earlier load. */
export async function loadProfile(db: DaichoDb, data: unknown, at: WriteContext): Promise<ProfileLoadResult> {
  const parsed = parsePolicyProfile(data);
  if (!parsed.ok) return { ok: false, reason: 'invalid', field: parsed.field, message: parsed.message };
  const profile = parsed.profile;
  if (bundledProfiles.some((p) => p.id === profile.id)) return { ok: false, reason: 'bundled-id' };
  const result = await runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'profile.load', at);
      const others = (await customProfiles(db)).filter((p) => p.id !== profile.id);
      await db.settings.put({ key: CUSTOM_KEY, value: [...others, profile] });
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'profile.load', target: profile.id, outcome: 'success', detail: { name: profile.name, version: profile.version } },
      ]);
    }),
  );
  if (!result.ok) return { ok: false, reason: result.reason === 'quota' || result.reason === 'not-signed-in' || result.reason === 'not-permitted' ? result.reason : 'failed' };
  return { ok: true, profile };
}

/**
 * Switches the section to another profile: classifications under another profile are marked 要見直し
 * (levels kept), derived classes are recomputed under the new profile, and the switch is audited.
 */
export function switchProfile(
  db: DaichoDb,
  settings: SectionSettings,
  profile: PolicyProfile,
  at: WriteContext,
): Promise<WriteResult<{ markedForReview: number }>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'profile.switch', at);
      let marked = 0;
      await db.assets.toCollection().modify((asset) => {
        if (asset.classification && asset.classification.profileId !== profile.id && asset.classification.state !== 'needsReview') {
          asset.classification = markForReview(asset.classification, profile.id);
          marked += 1;
        }
      });
      const containers = await db.assets.filter((a) => a.contents.length > 0).primaryKeys();
      await recomputeDerived(db, profile, containers);
      await db.settings.put({ key: 'section', value: { ...settings, profileId: profile.id } });
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'profile.switch',
          target: profile.id,
          outcome: 'success',
          detail: { from: settings.profileId, to: profile.id, markedForReview: marked },
        },
      ]);
      return { markedForReview: marked };
    }),
  );
}
