/**
 * Policy profiles available to the section: the bundled ones plus those the central office
 * distributed as files (validated before they are stored). Switching the section's profile is
 * recorded, and classifications made under another profile are marked for review, never changed.
 */
import { markForReview, markForReviewAfterReload } from '../../shared/domain/classification';
import { parsePolicyProfile, type PolicyProfile } from '../../shared/domain/policyProfile';
import { profileSwitchReview, type SwitchReview } from '../../shared/domain/profileEditing';
import { bundledProfiles } from '../../shared/domain/profiles/bundledProfiles';
import type { SectionSettings } from '../../shared/domain/sectionSettings';
import { appendAudit } from './auditRepository';
import { recomputeDerived } from './classificationRepository';
import type { DaichoDb } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';

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
  | { ok: false; reason: 'bundled-id' | 'version-exists' | 'change-note-required' | 'failed' | 'quota' | 'not-signed-in' | 'not-permitted' };

/**
 * Validates a profile file's contents and stores it. The same id as an earlier load replaces it and is
 * recorded as a profile switch (earlier-version classifications are marked for review).
 */
export async function loadProfile(db: DaichoDb, data: unknown, at: WriteContext): Promise<ProfileLoadResult> {
  const parsed = parsePolicyProfile(data);
  if (!parsed.ok) return { ok: false, reason: 'invalid', field: parsed.field, message: parsed.message };
  if (bundledProfiles.some((p) => p.id === parsed.profile.id)) return { ok: false, reason: 'bundled-id' };
  return storeProfile(db, parsed.profile, at, 'profile.load');
}

/**
 * Stores a profile the central office wrote in the editor (security managers only: 'profile.edit').
 * Checked again here, whatever the form did, with the loader's strict schema: the data arrives as
 * `unknown`. Refused besides: a bundled id, no change note (every edited version says what changed),
 * and an id and version already stored (a changed profile is a new version, so the classes made under
 * the earlier one are marked for review instead of silently following other rules).
 */
export async function saveEditedProfile(db: DaichoDb, data: unknown, at: WriteContext): Promise<ProfileLoadResult> {
  const parsed = parsePolicyProfile(data);
  if (!parsed.ok) return { ok: false, reason: 'invalid', field: parsed.field, message: parsed.message };
  const profile = parsed.profile;
  if (bundledProfiles.some((p) => p.id === profile.id)) return { ok: false, reason: 'bundled-id' };
  if (!profile.changeNote) return { ok: false, reason: 'change-note-required' };
  return storeProfile(db, profile, at, 'profile.edit');
}

/** Stores a validated profile under the operation's permission; a stored id is replaced as a recorded switch. */
async function storeProfile(db: DaichoDb, profile: PolicyProfile, at: WriteContext, operation: 'profile.load' | 'profile.edit'): Promise<ProfileLoadResult> {
  const result = await runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, db.assets, async () => {
      const context = await signedContext(db, operation, at);
      const stored = await customProfiles(db);
      const earlier = stored.find((p) => p.id === profile.id);
      if (operation === 'profile.edit' && earlier?.version === profile.version) return 'version-exists' as const;
      await db.settings.put({ key: CUSTOM_KEY, value: [...stored.filter((p) => p.id !== profile.id), profile] });
      const note = profile.changeNote ? { changeNote: profile.changeNote } : {};
      if (!earlier) {
        await appendAudit(db, [
          { at: context.now, actor: context.actor, action: operation, target: profile.id, outcome: 'success', detail: { name: profile.name, version: profile.version, ...note } },
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
        ...(operation === 'profile.edit'
          ? [{ at: context.now, actor: context.actor, action: operation, target: profile.id, outcome: 'success' as const, detail: { name: profile.name, previousVersion: earlier.version, version: profile.version, ...note } }]
          : []),
        {
          at: context.now,
          actor: context.actor,
          action: 'profile.switch',
          target: profile.id,
          outcome: 'success',
          detail: { from: `${earlier.id} ${earlier.version}`, to: `${profile.id} ${profile.version}`, reloaded: true, name: profile.name, markedForReview: marked, ...note },
        },
      ]);
      return { version: earlier.version, markedForReview: marked };
    }),
  );
  if (!result.ok) return { ok: false, reason: result.reason === 'quota' || result.reason === 'not-signed-in' || result.reason === 'not-permitted' ? result.reason : 'failed' };
  if (result.value === 'version-exists') return { ok: false, reason: 'version-exists' };
  return { ok: true, profile, replaced: result.value };
}

/**
 * What switching to `profile` would ask people to review, read before the switch (the screen shows it
 * and asks to confirm); the switch computes it again inside its own transaction for the audit log.
 */
export async function getSwitchReview(db: DaichoDb, profile: PolicyProfile): Promise<SwitchReview> {
  return profileSwitchReview(await db.assets.toArray(), profile);
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
): Promise<WriteResult<{ markedForReview: number; review: SwitchReview }>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.assets, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'profile.switch', at);
      // A switch to the profile already in use is no switch (a double-click's second call, another
      // window): recording it again would log a switch from the caller's stale settings.
      const stored = (await db.settings.get('section'))?.value as Partial<SectionSettings> | undefined;
      if (stored?.profileId === profile.id) throw new WriteAbort('wrong-state');
      // The stored settings are the truth; the caller's copy (drawn when the screen opened) only fills a
      // gap. Written from the caller's copy, a change saved meanwhile in another window was undone.
      const current: SectionSettings = { ...settings, ...stored };
      // Before anything changes: the classes whose level or recommendation the new rules change.
      const review = profileSwitchReview(await db.assets.toArray(), profile);
      let marked = 0;
      await db.assets.toCollection().modify((asset) => {
        if (asset.classification && asset.classification.profileId !== profile.id && asset.classification.state !== 'needsReview') {
          asset.classification = markForReview(asset.classification, profile.id);
          marked += 1;
        }
      });
      const containers = await db.assets.filter((a) => a.contents.length > 0).primaryKeys();
      await recomputeDerived(db, profile, containers);
      await db.settings.put({ key: 'section', value: { ...current, profileId: profile.id } });
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'profile.switch',
          target: profile.id,
          outcome: 'success',
          detail: {
            from: current.profileId,
            to: profile.id,
            version: profile.version,
            markedForReview: marked,
            needsReview: review.entries.length,
            // The first hundred, so one switch of a large ledger does not make one huge audit entry.
            reviewNumbers: review.entries.slice(0, 100).map((e) => e.managementNumber),
          },
        },
      ]);
      return { markedForReview: marked, review };
    }),
  );
}
