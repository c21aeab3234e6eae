/**
 * Policy profiles available to the section: the bundled ones plus those the central office
 * distributed as files (validated before they are stored). Switching the section's profile is
 * recorded, and classifications made under another profile are marked for review, never changed.
 */
import { markForReview, markForReviewAfterReload } from '../../shared/domain/classification';
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
  | { ok: true; profile: PolicyProfile; replaced: { version: string; markedForReview: number } | null }
  | { ok: false; reason: 'invalid'; field: string; message: string }
  | { ok: false; reason: 'bundled-id' | 'failed' | 'quota' | 'not-signed-in' | 'not-permitted' };

/**
 * Validates a profile file's contents and stores it. The same id as an earlier load replaces it and is
 * recorded as a profile switch (earlier-version classifications are marked for review).
 */
export async function loadProfile(db: DaichoDb, data: unknown, at: WriteContext): Promise<ProfileLoadResult> {
  const parsed = parsePolicyProfile(data);
  if (!parsed.ok) return { ok: false, reason: 'invalid', field: parsed.field, message: parsed.message };
  const profile = parsed.profile;
  if (bundledProfiles.some((p) => p.id === profile.id)) return { ok: false, reason: 'bundled-id' };
  const result = await runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, db.assets, async () => {
      const context = await signedContext(db, 'profile.load', at);
      const stored = await customProfiles(db);
      const earlier = stored.find((p) => p.id === profile.id);
      await db.settings.put({ key: CUSTOM_KEY, value: [...stored.filter((p) => p.id !== profile.id), profile] });
      if (!earlier) {
        await appendAudit(db, [
          { at: context.now, actor: context.actor, action: 'profile.load', target: profile.id, outcome: 'success', detail: { name: profile.name, version: profile.version } },
        ]);
        return null;
      }
      // The same id again replaces the rules every classification under it was made with: that is a
      // switch, recorded as one, and classes made under the earlier version are marked for review.
      let marked = 0;
      await db.assets.toCollection().modify((asset) => {
        if (!asset.classification) return;
        const reviewed = markForReviewAfterReload(asset.classification, profile);
        if (reviewed !== asset.classification) {
          asset.classification = reviewed;
          marked += 1;
        }
      });
      const section = (await db.settings.get('section'))?.value as Partial<SectionSettings> | undefined;
      if (section?.profileId === profile.id) await recomputeDerived(db, profile, await db.assets.filter((a) => a.contents.length > 0).primaryKeys());
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'profile.switch',
          target: profile.id,
          outcome: 'success',
          detail: { from: `${earlier.id} ${earlier.version}`, to: `${profile.id} ${profile.version}`, reloaded: true, name: profile.name, markedForReview: marked },
        },
      ]);
      return { version: earlier.version, markedForReview: marked };
    }),
  );
  if (!result.ok) return { ok: false, reason: result.reason === 'quota' || result.reason === 'not-signed-in' || result.reason === 'not-permitted' ? result.reason : 'failed' };
  return { ok: true, profile, replaced: result.value };
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
