/**
 * One-time recompute of containers' derived classes (schema v7). Containers stored before handling was
 * derived keep a `derived` without `undecided`; assetHandling reads that as "not derived" and handles
 * them at the strictest level (【03】第6条3) until something recomputes them, so a USB memory holding
 * only approved C contents looked undecided forever. The upgrade derives every such container once,
 * under the section's profile, from the stored contents. Without a known profile nothing is changed:
 * the strict reading stays, which is safe. A restore of a backup taken before schema v8 does the same
 * to the backup's records (`withStaleDerivedRecomputed`), since its database never met the upgrade.
 */
import type { Table } from 'dexie';
import type { Asset } from '../../shared/domain/asset';
import { deriveClass } from '../../shared/domain/deriveClass';
import { parsePolicyProfile, type PolicyProfile } from '../../shared/domain/policyProfile';
import { bundledProfiles } from '../../shared/domain/profiles/bundledProfiles';
import type { SettingRecord } from './db';

/** The section's profile as stored: bundled, or loaded/edited (settings key of profileRepository). */
export function activeProfileOf(setting: (key: string) => unknown): PolicyProfile | null {
  const section = setting('section') as { profileId?: unknown } | undefined;
  if (typeof section?.profileId !== 'string') return null;
  const id = section.profileId;
  const bundled = bundledProfiles.find((p) => p.id === id);
  if (bundled) return bundled;
  const stored = setting('customProfiles');
  for (const data of Array.isArray(stored) ? (stored as unknown[]) : []) {
    const parsed = parsePolicyProfile(data);
    if (parsed.ok && parsed.profile.id === id) return parsed.profile;
  }
  return null;
}

/** The section's profile as stored in this database. */
export async function storedActiveProfile(settings: Table<SettingRecord, string>): Promise<PolicyProfile | null> {
  const values = new Map((await settings.bulkGet(['section', 'customProfiles'])).filter((r) => r !== undefined).map((r) => [r.key, r.value]));
  return activeProfileOf((key) => values.get(key));
}

/**
 * `assets` with every container whose stored derived class predates `undecided` derived again under
 * `profile` from the stored contents (the others are the same objects). `changed` counts them.
 */
export function withStaleDerivedRecomputed(assets: readonly Asset[], profile: PolicyProfile): { assets: Asset[]; changed: number } {
  const nodes = new Map(assets.map((a) => [a.id, a]));
  let changed = 0;
  const result = assets.map((asset) => {
    if ((asset.contents?.length ?? 0) === 0 || (asset.derived && asset.derived.undecided !== undefined)) return asset;
    changed += 1;
    return { ...asset, derived: deriveClass(profile, nodes, asset.id) };
  });
  return { assets: result, changed };
}

/** Recomputes the derived class of every container whose stored one predates `undecided`. Returns how many. */
export async function recomputeStaleDerived(assets: Table<Asset, string>, settings: Table<SettingRecord, string>): Promise<number> {
  const profile = await storedActiveProfile(settings);
  if (!profile) return 0;
  const all = await assets.toArray();
  const recomputed = withStaleDerivedRecomputed(all, profile);
  for (let i = 0; i < all.length; i++) {
    if (recomputed.assets[i] !== all[i]) await assets.update(all[i]!.id, { derived: recomputed.assets[i]!.derived });
  }
  return recomputed.changed;
}
