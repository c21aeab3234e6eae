/**
 * 【03】第8条3: a medium or system holding information of different classes is handled at the highest
 * of them. A container's effective level per objective is the maximum of its own (manual) level and
 * the effective levels of everything it contains, at any depth. The manual value is never overwritten:
 * the derived value is kept beside it with the assets it came from.
 */
import { higherLevel, levelRank, type PolicyProfile } from './policyProfile';
import type { AssetClassification } from './classification';
import { ledgerAnswers, recommendClassification } from './recommendClassification';

/** What derivation needs of an asset. */
export interface ContainmentNode {
  id: string;
  managementNumber: string;
  contents: readonly string[];
  classification: Pick<AssetClassification, 'profileId' | 'levels'> | null;
}

/** The derived level per objective, and the contained assets (管理番号) that set it. */
export interface DerivedClass {
  levels: Record<string, string>;
  sources: Record<string, string[]>;
}

/** True when making `containerId` hold `contents` would make an asset contain itself. */
export function createsCycle(nodes: ReadonlyMap<string, Pick<ContainmentNode, 'contents'>>, containerId: string, contents: readonly string[]): boolean {
  const seen = new Set<string>();
  const stack = [...contents];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === containerId) return true;
    if (seen.has(id)) continue;
    seen.add(id);
    stack.push(...(nodes.get(id)?.contents ?? []));
  }
  return false;
}

/**
 * Effective levels (own max contents) for an asset under a profile. Contents classified under another
 * profile, or not at all, do not count. `memo` may be shared across calls for one snapshot.
 */
export function effectiveLevels(
  profile: PolicyProfile,
  nodes: ReadonlyMap<string, ContainmentNode>,
  id: string,
  memo: Map<string, Record<string, string>> = new Map(),
  visiting: Set<string> = new Set(),
): Record<string, string> {
  const cached = memo.get(id);
  if (cached) return cached;
  const node = nodes.get(id);
  const result: Record<string, string> = {};
  if (!node || visiting.has(id)) return result; // a cycle in stored data never loops forever
  visiting.add(id);
  const own = node.classification?.profileId === profile.id ? node.classification.levels : {};
  for (const objective of profile.objectives) {
    let level = own[objective.id];
    for (const child of node.contents) level = higherLevel(objective, level, effectiveLevels(profile, nodes, child, memo, visiting)[objective.id]);
    if (level !== undefined) result[objective.id] = level;
  }
  visiting.delete(id);
  memo.set(id, result);
  return result;
}

/** The level the contents give a container, and which contained assets give it; null when none count. */
export function deriveClass(profile: PolicyProfile, nodes: ReadonlyMap<string, ContainmentNode>, id: string): DerivedClass | null {
  const node = nodes.get(id);
  if (!node || node.contents.length === 0) return null;
  const memo = new Map<string, Record<string, string>>();
  const levels: Record<string, string> = {};
  const sources: Record<string, string[]> = {};
  for (const objective of profile.objectives) {
    let best: string | undefined;
    for (const child of node.contents) best = higherLevel(objective, best, effectiveLevels(profile, nodes, child, memo)[objective.id]);
    if (best === undefined) continue;
    levels[objective.id] = best;
    sources[objective.id] = node.contents
      .filter((child) => effectiveLevels(profile, nodes, child, memo)[objective.id] === best)
      .map((child) => nodes.get(child)?.managementNumber ?? child);
  }
  return Object.keys(levels).length > 0 ? { levels, sources } : null;
}

/**
 * The levels an asset is handled at under a profile: its own (manual) levels if classified under this
 * profile, combined with what its contents give it. Labels, handling rules and the list all use this.
 */
export function assetEffectiveLevels(profile: PolicyProfile, asset: { classification: Pick<AssetClassification, 'profileId' | 'levels'> | null; derived: DerivedClass | null }): Record<string, string> {
  const own = asset.classification?.profileId === profile.id ? asset.classification.levels : undefined;
  return combineLevels(profile, own, asset.derived?.levels);
}

/**
 * The levels the handling rules (encryption for take-out and export, secure disposal) apply to. Like
 * `assetEffectiveLevels`, but an asset not yet classified under this profile is handled at what the
 * profile's rules give from the ledger's own fields (personal information -> A, 【03】第4条), so an
 * unfinished classification never lowers the protection.
 */
export function handlingLevels(profile: PolicyProfile, asset: { personalInfoKind: string; classification: Pick<AssetClassification, 'profileId' | 'levels'> | null; derived: DerivedClass | null }): Record<string, string> {
  const own = asset.classification?.profileId === profile.id ? asset.classification.levels : recommendClassification(profile, ledgerAnswers(asset)).levels;
  return combineLevels(profile, own, asset.derived?.levels);
}

/** The stricter of the manual and the derived level per objective. */
export function combineLevels(profile: PolicyProfile, own: Record<string, string> | undefined, derived: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const objective of profile.objectives) {
    const level = higherLevel(objective, own?.[objective.id], derived?.[objective.id]);
    if (level !== undefined) result[objective.id] = level;
  }
  return result;
}

/** True when the derived level of some objective is above the manual one (the UI says so). */
export function derivedExceedsOwn(profile: PolicyProfile, own: Record<string, string> | undefined, derived: Record<string, string> | undefined): boolean {
  return profile.objectives.some((o) => derived?.[o.id] !== undefined && levelRank(o, derived[o.id]!) > levelRank(o, own?.[o.id] ?? ''));
}
