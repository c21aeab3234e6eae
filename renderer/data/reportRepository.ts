/**
 * The facts the self-inspection (自己点検) and the dashboard are computed from, read in one go, and the
 * record that a report was made. The report changes nothing in the ledger, but who produced a report of
 * the section's security state (and when, for which day) is itself worth keeping (【07】第17条), so
 * making, printing and exporting it are written to the audit log through the permission gate.
 */
import type { Asset } from '../../shared/domain/asset';
import type { InspectionAsset, InspectionAudit, InspectionException, SelfInspectionInput, SelfInspectionReport } from '../../shared/domain/selfInspection';
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import { nextCheckDue, readExceptionRecords, type ExceptionRecord } from '../../shared/domain/exceptions';
import type { DaichoDb } from './db';
import { appendAudit, type FullAuditVerification } from './auditRepository';
import { getBackupSchedule } from './backupRepository';
import { listLabelledAssetIds } from './registerRepository';
import { signedContext, type WriteContext } from './session';
import { runWrite, type WriteResult } from './writeResult';

/** An asset as the report reads it: its own class counts only under the section's profile. */
export function toInspectionAsset(asset: Asset, profileId: string): InspectionAsset {
  const own = asset.classification && asset.classification.profileId === profileId ? asset.classification : null;
  return {
    id: asset.id,
    managementNumber: asset.managementNumber,
    name: asset.name,
    kind: asset.kind,
    status: asset.status,
    nextReviewDate: asset.nextReviewDate,
    // A class made under another profile needs review (markForReview): counted as waiting, with its levels.
    classification: asset.classification ? { state: own ? asset.classification.state : 'needsReview', levels: asset.classification.levels } : null,
  };
}

/**
 * The exceptions register (例外措置, 【02】第5条) as the report counts it: open requests, approved
 * measures with their last day and next periodic check; every ended state counts as closed.
 */
export async function listInspectionExceptions(db: DaichoDb): Promise<InspectionException[]> {
  // A record edited by hand is left out rather than stopping the whole report (the register's screen names it).
  return readExceptionRecords(await db.exceptions.toArray()).records.map(toInspectionException);
}

/** One register record as the report reads it. */
function toInspectionException(record: ExceptionRecord): InspectionException {
  const state = record.state === 'requested' || record.state === 'approved' ? record.state : 'closed';
  return {
    id: String(record.id ?? ''),
    title: record.managementNumbers.length > 0 ? `${record.rule}（${record.managementNumbers.join('、')}）` : record.rule,
    state,
    until: record.periodTo,
    nextCheckOn: state === 'approved' ? nextCheckDue(record) : '',
  };
}

/** When the last restore test that matched was recorded (【11】第8条); null when none. */
async function lastRestoreTestAt(db: DaichoDb): Promise<string | null> {
  const tests = await db.audit.where('action').equals('backup.restoreTest').toArray();
  return tests.filter((e) => e.outcome === 'success').map((e) => e.at).sort().at(-1) ?? null;
}

/**
 * The audit log's state for the report, from a full verification (the chain, the last export's anchor
 * and whether today's log extends it). Kept apart from the other facts because it hashes the whole log,
 * in the audit workers: the report asks for it once, the dashboard (re-read on every change) does not.
 */
export function auditStateOf(verification: FullAuditVerification): InspectionAudit {
  const { chain, lastExport } = verification;
  return {
    chain: chain.ok ? { ok: true, entries: chain.count } : { ok: false, brokenAt: chain.brokenSeq },
    lastAnchor: lastExport.last ? { at: lastExport.last.at, size: lastExport.last.size, rootHash: lastExport.last.rootHash } : null,
    sinceAnchor: lastExport.ok ? 'ok' : lastExport.reason,
  };
}

/** What the home view needs besides the assets (whether labels were printed, a backup made, a ledger exported). */
export async function loadHomeRegisters(db: DaichoDb): Promise<Pick<SelfInspectionInput, 'labelledAssetIds' | 'backup' | 'takeOuts'>> {
  const [takeOuts, labelled, schedule] = await Promise.all([db.takeOuts.toArray(), listLabelledAssetIds(db), getBackupSchedule(db)]);
  return { takeOuts, labelledAssetIds: labelled, backup: { lastBackupAt: schedule.lastBackupAt, intervalDays: schedule.intervalDays, lastRestoreTestAt: null } };
}

/** The facts besides the assets: registers, accounts, backups and exceptions (small tables, read whole). */
export type InspectionRegisters = Omit<SelfInspectionInput, 'organisation' | 'section' | 'profile' | 'audit' | 'assets'>;

export async function loadInspectionRegisters(db: DaichoDb): Promise<InspectionRegisters> {
  const [takeOuts, disposals, prints, accounts, schedule, restoreTest, exceptions] = await Promise.all([
    db.takeOuts.toArray(),
    db.disposals.toArray(),
    db.labelPrints.toArray(),
    db.accounts.toArray(),
    getBackupSchedule(db),
    lastRestoreTestAt(db),
    listInspectionExceptions(db),
  ]);
  return {
    takeOuts,
    disposals,
    labelledAssetIds: new Set(prints.flatMap((p) => p.assetIds)),
    accounts,
    backup: { lastBackupAt: schedule.lastBackupAt, intervalDays: schedule.intervalDays, lastRestoreTestAt: restoreTest },
    exceptions,
  };
}

/**
 * Everything the report needs except the section's names, its profile (the screen has them) and the
 * audit state, read from the database (the CLI-like callers and tests; the screens take the assets
 * from the ledger's in-memory snapshot instead, see useInspectionFacts).
 */
export async function loadInspectionFacts(db: DaichoDb, profile: Pick<PolicyProfile, 'id'>): Promise<Omit<SelfInspectionInput, 'organisation' | 'section' | 'profile' | 'audit'>> {
  const [assets, registers] = await Promise.all([db.assets.toArray(), loadInspectionRegisters(db)]);
  return { assets: assets.map((a) => toInspectionAsset(a, profile.id)), ...registers };
}

export type ReportOutput = 'screen' | 'print' | 'pdf' | 'workbook';

/**
 * Records that the signed-in person made the self-inspection for `asOf`, and how it left the screen:
 * the counts of every line go into the entry, so the log shows what the report said.
 */
export function recordSelfInspection(db: DaichoDb, report: SelfInspectionReport, output: ReportOutput, at: WriteContext): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'report.selfInspection', at);
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'report.selfInspection',
          target: report.asOf,
          outcome: 'success',
          detail: { asOf: report.asOf, output, assets: report.assets.byStatus.active, lines: report.lines.map((l) => `${l.title} ${l.value}`) },
        },
      ]);
    }),
  );
}
