/**
 * Creating, revising and retiring an asset. Each returns the new record and the field-level changes
 * that the history keeps (【03】第3条3: the ledger is updated on every addition, change and retirement;
 * retired assets stay in the ledger).
 */
import { assetFieldLabels, type Asset, type AssetInput } from './asset';

/** Who did it and when; passed in so the domain stays free of clocks. */
export interface ChangeContext {
  actor: string;
  now: string;
}

/** One changed field: old and new value as stored. */
export interface FieldChange {
  field: keyof AssetInput | 'status' | 'classification' | 'contents' | 'mediumPermission' | 'riskAssessment';
  label: string;
  from: string;
  to: string;
}

const trackedFields = Object.keys(assetFieldLabels) as (keyof AssetInput | 'status')[];

/** Builds a new active asset from validated form input. */
export function createAsset(input: AssetInput, id: string, context: ChangeContext): Asset {
  return {
    ...input,
    id,
    status: 'active',
    classification: null,
    contents: [],
    derived: null,
    createdAt: context.now,
    createdBy: context.actor,
    updatedAt: context.now,
    updatedBy: context.actor,
  };
}

/** Lists the fields that differ between two versions of an asset, in form order. */
export function diffAsset(before: Asset, after: Asset): FieldChange[] {
  return trackedFields
    .filter((field) => before[field] !== after[field])
    .map((field) => ({ field, label: assetFieldLabels[field], from: before[field], to: after[field] }));
}

/** Applies edited form input; returns the new record and what changed (empty when nothing did). */
export function reviseAsset(
  before: Asset,
  input: AssetInput,
  context: ChangeContext,
): { asset: Asset; changes: FieldChange[] } {
  const candidate: Asset = { ...before, ...input };
  const changes = diffAsset(before, candidate);
  if (changes.length === 0) return { asset: before, changes };
  return { asset: { ...candidate, updatedAt: context.now, updatedBy: context.actor }, changes };
}

/** Result of a retirement attempt: only assets in use can be retired. */
export type RetireResult = { ok: true; asset: Asset; changes: FieldChange[] } | { ok: false; reason: 'not-active' };

/** Marks an asset 廃止 (no longer used). It stays in the ledger; disposal comes through the register. */
export function retireAsset(before: Asset, context: ChangeContext): RetireResult {
  if (before.status !== 'active') return { ok: false, reason: 'not-active' };
  const asset: Asset = { ...before, status: 'retired', updatedAt: context.now, updatedBy: context.actor };
  return { ok: true, asset, changes: diffAsset(before, asset) };
}

/** 【03】第14条: marks an asset 廃棄済 once its disposal is recorded; it stays in the ledger. */
export function disposeAsset(before: Asset, context: ChangeContext): { ok: true; asset: Asset; changes: FieldChange[] } | { ok: false; reason: 'already-disposed' } {
  if (before.status === 'disposed') return { ok: false, reason: 'already-disposed' };
  const asset: Asset = { ...before, status: 'disposed', updatedAt: context.now, updatedBy: context.actor };
  return { ok: true, asset, changes: diffAsset(before, asset) };
}
