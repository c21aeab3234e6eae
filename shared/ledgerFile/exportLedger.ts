/**
 * 書出し: the signed 情報資産台帳 workbook for the assets chosen (the whole ledger or the current filter),
 * and whether it must be password-encrypted (【03】第7条4: B or higher taken out on media).
 */
import { assetFieldLabels, choiceFieldLabels, type Asset } from '../domain/asset';
import { handlingLevels } from '../domain/deriveClass';
import { requiresEncryption, type PolicyProfile } from '../domain/policyProfile';
import { classificationStateLabels } from '../domain/classification';
import { assetRow, ledgerHeader } from './ledgerColumns';
import { writeLedgerWorkbook, type ColumnChoices } from './ledgerWorkbook';
import { signLedger, type LedgerSigner, type SignedPart } from './signature';
import type { AuditAnchorInFile } from '../domain/auditLog';

export interface LedgerExportInput {
  assets: readonly Asset[];
  profile: PolicyProfile;
  organisation: string;
  section: string;
  sequence: number;
  exportedAt: string;
  appVersion: string;
  signer: LedgerSigner;
  /** The audit log's anchor to sign with the ledger (see auditLog.ts); omitted by the CLI. */
  audit?: AuditAnchorInFile;
}

/** Drop-down lists for every column whose values come from a list, by header. */
export function ledgerChoices(profile: PolicyProfile): ColumnChoices[] {
  const header = ledgerHeader(profile);
  const lists: [string, readonly string[]][] = [
    ...Object.entries(choiceFieldLabels).map(([field, labels]): [string, string[]] => [assetFieldLabels[field as keyof typeof choiceFieldLabels], Object.values(labels)]),
    ...profile.objectives.map((o): [string, string[]] => [`分類:${o.name}`, o.levels.map((l) => l.name)]),
    ['分類の状態', Object.values(classificationStateLabels)],
  ];
  return lists.map(([name, values]) => ({ column: header.indexOf(name), values })).filter((c) => c.column >= 0);
}

/** Builds and signs the workbook. Rows are in 管理番号 order so two exports of one ledger compare line by line. */
export async function exportLedger(input: LedgerExportInput): Promise<{ bytes: Uint8Array; signed: SignedPart }> {
  const { profile } = input;
  const header = ledgerHeader(profile);
  const sorted = [...input.assets].sort((a, b) => (a.managementNumber < b.managementNumber ? -1 : a.managementNumber > b.managementNumber ? 1 : 0));
  const rows = sorted.map((a) => assetRow(a, profile));
  const signed = await signLedger(header, rows, {
    organisation: input.organisation,
    section: input.section,
    sequence: input.sequence,
    exportedAt: input.exportedAt,
    profileId: profile.id,
    appVersion: input.appVersion,
  }, input.signer, input.audit);
  return { bytes: writeLedgerWorkbook(header, rows, signed, ledgerChoices(profile)), signed };
}

/** 【03】第7条4: true when any exported asset's handling levels call for encryption (see `handlingLevels`). */
export function exportNeedsEncryption(assets: readonly Asset[], profile: PolicyProfile): boolean {
  return assets.some((a) => requiresEncryption(profile, handlingLevels(profile, a)));
}

/** 情報資産台帳_市民課_20261122-0930.xlsx (Tokyo time; characters Windows forbids in names replaced). */
export function ledgerFileName(section: string, exportedAt: string): string {
  const tokyo = new Date(Date.parse(exportedAt) + 9 * 3600_000).toISOString();
  const stamp = `${tokyo.slice(0, 10).replace(/-/g, '')}-${tokyo.slice(11, 16).replace(':', '')}`;
  return `情報資産台帳_${section.replace(/[\\/:*?"<>|\s]/g, '_')}_${stamp}.xlsx`;
}
