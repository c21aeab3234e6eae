/**
 * One-time recompute of containers' derived classes (schema v7). Containers stored before handling was
 * derived keep a `derived` without `undecided`; assetHandling reads that as "not derived" and handles
 * them at the strictest level (【03】第6条3) until something recomputes them, so a USB memory holding
 * only approved C contents looked undecided forever. The upgrade derives every such container once,
 * under the section's profile, from the stored contents. Without a known profile nothing is changed:
 * the strict reading stays, which is safe.
 */
import type { Table } from 'dexie';
import type { Asset } from '../../shared/domain/asset';
import { deriveClass } from '../../shared/domain/deriveClass';
import { parsePolicyProfile, type PolicyProfile } from '../../shared/domain/policyProfile';
import { bundledProfiles } from '../../shared/domain/profiles/bundledProfiles';
import type { SettingRecord } from './db';

/** The section's profile as stored: bundled, or loaded/edited (settings key of profileRepository). */
export async function storedActiveProfile(settings: Table<SettingRecord, string>): Promise<PolicyProfile | null> {
  const section = (await settings.get('section'))?.value as { profileId?: unknown } | undefined;
  if (typeof section?.profileId !== 'string') return null;
  const id = section.profileId;
  const bundled = bundledProfiles.find((p) => p.id === id);
  if (bundled) return bundled;
  const stored = (await settings.get('customProfiles'))?.value;
  for (const data of Array.isArray(stored) ? (stored as unknown[]) : []) {
    const parsed = parsePolicyProfile(data);
    if (parsed.ok && parsed.profile.id === id) return parsed.profile;
  }
  return null;
}

/** Recomputes the derived class of every container whose stored one predates `undecided`. Returns how many. */
export async function recomputeStaleDerived(assets: Table<Asset, string>, settings: Table<SettingRecord, string>): Promise<number> {
  const profile = await storedActiveProfile(settings);
  if (!profile) return 0;
  const all = await assets.toArray();
  const nodes = new Map(all.map((a) => [a.id, a]));
  let changed = 0;
  for (const asset of all) {
    if ((asset.contents?.length ?? 0) === 0 || (asset.derived && asset.derived.undecided !== undefined)) continue;
    await assets.update(asset.id, { derived: deriveClass(profile, nodes, asset.id) });
    changed += 1;
  }
  return changed;
}
