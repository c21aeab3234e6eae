/**
 * 【03】第8条3: a medium or system holding information of different classes is handled at the highest
 * of them. A container's effective level per objective is the maximum of its own (manual) level and
 * the effective levels of everything it contains, at any depth. The manual value is never overwritten:
 * the derived value is kept beside it with the assets it came from.
 */
import { higherLevel, highestLevels, levelIn, levelRank, type LedgerFacts, type PolicyProfile } from './policyProfile';
import type { AssetClassification } from './classification';
import { ledgerAnswers, recommendClassification } from './recommendClassification';

/** What derivation needs of an asset (an `Asset` from the ledger has all of it). */
export interface ContainmentNode {
  id: string;
  managementNumber: string;
  contents: readonly string[];
  classification: ClassificationFacts | null;
  /** Ledger facts: the profile's rules on them count while a class is only proposed. */
  kind?: string;
  medium?: string;
  networkSegment?: string;
  personalInfoKind?: string;
}

/** The parts of a classification that handling reads; `state` absent is read as proposed (never relaxes). */
export type ClassificationFacts = Pick<AssetClassification, 'profileId' | 'levels'> & Partial<Pick<AssetClassification, 'state' | 'recommended'>>;

/** The derived level per objective, and the contained assets (管理番号) that set it. */
export interface DerivedClass {
  levels: Record<string, string>;
  sources: Record<string, string[]>;
  /**
   * The strictest handling level of the contents (a proposal at the strictest of itself, its
   * recommendation and the ledger's facts). Absent on records stored before it existed.
   */
  handling?: Record<string, string>;
  /**
   * 管理番号 of contents, at any depth, whose class is undecided under the profile (unclassified,
   * classified under another profile, or an empty medium not approved). Absent on older records.
   */
  undecided?: string[];
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
    let level = levelIn(own, objective.id);
    for (const child of node.contents) level = higherLevel(objective, level, effectiveLevels(profile, nodes, child, memo, visiting)[objective.id]);
    if (level !== undefined) result[objective.id] = level;
  }
  visiting.delete(id);
  memo.set(id, result);
  return result;
}

/** Why an asset is handled at the strictest level until a security manager decides (【03】第6条3). */
export type UndecidedReason =
  | { kind: 'unclassified' }
  | { kind: 'otherProfile'; profileId: string }
  | { kind: 'emptyMedium' }
  | { kind: 'contents'; managementNumbers: string[] }
  | { kind: 'notDerived' };

/** The words the asset page, the registers and the export show for an undecided class. */
export const undecidedHandlingLabel = '分類未決定のため最も厳しい取扱い';

/** One reason as a sentence for the person (what is undecided and what ends it). */
export function undecidedReasonText(reason: UndecidedReason): string {
  switch (reason.kind) {
    case 'unclassified':
      return 'この資産はまだ分類されていません。分類してセキュリティ管理者の判断を受けるまで、最も厳しい分類で取り扱います（【03】第6条3）。';
    case 'otherProfile':
      return `この資産は別の分類基準（${reason.profileId}）で分類されています。現在の分類基準で分類し直すまで、最も厳しい分類で取り扱います（【03】第6条3）。`;
    case 'emptyMedium':
      return '収納している資産が登録されていない記録媒体です。何が記録されているか分からないため、収納物を登録するか、セキュリティ管理者がこの媒体の分類を承認するまで、最も厳しい分類で取り扱います（【03】第6条3・第8条3）。';
    case 'contents':
      return `分類が決まっていない収納物（${reason.managementNumbers.join('、')}）があります。それらを分類するまで、最も厳しい分類で取り扱います（【03】第6条3・第8条3）。`;
    case 'notDerived':
      return '収納物からの分類がまだ計算されていません。収納物を登録し直すか分類を保存し直すまで、最も厳しい分類で取り扱います（【03】第8条3）。';
  }
}

/** How an asset is handled: the levels the handling rules apply to, and why they are the strictest, if so. */
export interface AssetHandling {
  levels: Record<string, string>;
  /** Non-empty when the class is undecided: `levels` are then the profile's highest. */
  undecided: UndecidedReason[];
}

/** What handling needs of one asset: its classification, ledger facts and (for containers) derived class. */
export interface HandlingSubject {
  kind?: string;
  medium?: string;
  networkSegment?: string;
  /** Absent: read as no personal information (other facts still count). */
  personalInfoKind?: string;
  contents?: readonly string[];
  classification: ClassificationFacts | null;
  derived: DerivedClass | null;
}

/** The ledger facts a profile's conditions read (unknown fields stay unknown). */
function factsOf(asset: { kind?: string; medium?: string; networkSegment?: string; personalInfoKind?: string }): LedgerFacts {
  return { kind: asset.kind, medium: asset.medium, networkSegment: asset.networkSegment, personalInfoKind: asset.personalInfoKind };
}

/**
 * The asset's own contribution to handling, without its contents: an approved class is the manager's
 * decision; a proposal (or a class to be reviewed) counts at the strictest of itself, the wizard's
 * recommendation it was made against, and what the profile's rules give from the ledger's facts, so a
 * proposal lowered with a justification relaxes nothing before a manager approves it. An asset
 * classified under no or another profile is undecided.
 */
function ownHandling(profile: PolicyProfile, asset: Omit<HandlingSubject, 'derived'>): { levels: Record<string, string>; undecided: UndecidedReason[] } {
  const classification = asset.classification;
  const undecided: UndecidedReason[] = [];
  let levels: Record<string, string> = {};
  if (!classification) undecided.push({ kind: 'unclassified' });
  else if (classification.profileId !== profile.id) undecided.push({ kind: 'otherProfile', profileId: classification.profileId });
  else if (classification.state === 'approved') levels = classification.levels;
  else {
    const ledger = recommendClassification(profile, ledgerAnswers({ personalInfoKind: asset.personalInfoKind ?? 'none' }), factsOf(asset)).levels;
    levels = combineLevels(profile, combineLevels(profile, classification.levels, classification.recommended), ledger);
  }
  const approved = classification?.profileId === profile.id && classification.state === 'approved';
  const empty = (asset.contents?.length ?? 0) === 0;
  if (empty && !approved && asset.kind !== undefined && profile.containment.undecidedWhenEmpty.some((k) => k === asset.kind)) undecided.push({ kind: 'emptyMedium' });
  return { levels, undecided };
}

/** Handling of a node and everything in it (memoised per snapshot): levels, and the undecided 管理番号 inside. */
function nodeHandling(
  profile: PolicyProfile,
  nodes: ReadonlyMap<string, ContainmentNode>,
  id: string,
  memo: Map<string, { levels: Record<string, string>; undecided: string[] }>,
  visiting: Set<string>,
): { levels: Record<string, string>; undecided: string[] } {
  const cached = memo.get(id);
  if (cached) return cached;
  const node = nodes.get(id);
  // A content missing from the snapshot is unknown, hence undecided; a cycle in stored data never loops.
  if (!node) return { levels: highestLevels(profile), undecided: [id] };
  if (visiting.has(id)) return { levels: {}, undecided: [] };
  visiting.add(id);
  const own = ownHandling(profile, node);
  let levels = own.levels;
  const undecided = own.undecided.length > 0 ? [node.managementNumber] : [];
  for (const child of node.contents) {
    const inner = nodeHandling(profile, nodes, child, memo, visiting);
    levels = combineLevels(profile, levels, inner.levels);
    for (const number of inner.undecided) if (!undecided.includes(number)) undecided.push(number);
  }
  if (undecided.length > 0) levels = highestLevels(profile, factsOf(node));
  visiting.delete(id);
  const result = { levels, undecided };
  memo.set(id, result);
  return result;
}

/**
 * What the contents give a container (null when it holds nothing): the highest class among classified
 * contents and which contained assets give it (for display), the strictest handling level of the
 * contents, and the contents whose class is undecided (【03】第8条3, 第6条3).
 */
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
  const handlingMemo = new Map<string, { levels: Record<string, string>; undecided: string[] }>();
  let handling: Record<string, string> = {};
  const undecided: string[] = [];
  for (const child of node.contents) {
    const inner = nodeHandling(profile, nodes, child, handlingMemo, new Set([id]));
    handling = combineLevels(profile, handling, inner.levels);
    for (const number of inner.undecided) if (!undecided.includes(number)) undecided.push(number);
  }
  return { levels, sources, handling, undecided };
}

/**
 * The levels an asset is handled at under a profile: its own (manual) levels if classified under this
 * profile, combined with what its contents give it. Labels and the ledger list show this.
 */
export function assetEffectiveLevels(profile: PolicyProfile, asset: { classification: Pick<AssetClassification, 'profileId' | 'levels'> | null; derived: DerivedClass | null }): Record<string, string> {
  const own = asset.classification?.profileId === profile.id ? asset.classification.levels : undefined;
  return combineLevels(profile, own, asset.derived?.levels);
}

/**
 * How the handling rules (encryption for take-out and export, secure disposal, the rules shown with
 * the asset) apply to an asset: the strictest of the approved class, a pending proposal with its
 * recommendation and the ledger's facts, and every content (【03】第8条3). While anything is undecided
 * — the asset itself unclassified, an empty medium not approved, or an unclassified content — it is
 * handled at the profile's highest level (【03】第6条3): undecided never means "lowest".
 */
export function assetHandling(profile: PolicyProfile, asset: HandlingSubject): AssetHandling {
  const own = ownHandling(profile, asset);
  const undecided = [...own.undecided];
  let levels = own.levels;
  if ((asset.contents?.length ?? 0) > 0) {
    const derived = asset.derived;
    // A container stored before handling was derived (or never derived) cannot show that its contents are decided.
    if (!derived || derived.undecided === undefined) undecided.push({ kind: 'notDerived' });
    else {
      if (derived.undecided.length > 0) undecided.push({ kind: 'contents', managementNumbers: derived.undecided });
      levels = combineLevels(profile, levels, derived.handling ?? derived.levels);
    }
  } else if (asset.derived) levels = combineLevels(profile, levels, asset.derived.handling ?? asset.derived.levels);
  return { levels: undecided.length > 0 ? highestLevels(profile, factsOf(asset)) : levels, undecided };
}

/** The levels of `assetHandling` alone (registers and export call this). */
export function handlingLevels(profile: PolicyProfile, asset: HandlingSubject): Record<string, string> {
  return assetHandling(profile, asset).levels;
}

/** The stricter of the manual and the derived level per objective. */
export function combineLevels(profile: PolicyProfile, own: Record<string, string> | undefined, derived: Record<string, string> | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const objective of profile.objectives) {
    const level = higherLevel(objective, levelIn(own, objective.id), levelIn(derived, objective.id));
    if (level !== undefined) result[objective.id] = level;
  }
  return result;
}

/** True when the derived level of some objective is above the manual one (the UI says so). */
export function derivedExceedsOwn(profile: PolicyProfile, own: Record<string, string> | undefined, derived: Record<string, string> | undefined): boolean {
  return profile.objectives.some((o) => {
    const level = levelIn(derived, o.id);
    return level !== undefined && levelRank(o, level) > levelRank(o, levelIn(own, o.id) ?? '');
  });
}
