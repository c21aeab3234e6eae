/**
 * Recording a signed export and applying a verified import. An export is a take-out of the ledger
 * (【03】第9条): it goes into the take-out register and the audit log together. An import is applied in
 * one transaction with the signer's new sequence number, so a failure or a concurrent import of the same
 * file leaves the ledger exactly as it was.
 */
import { createAsset, diffAsset, type FieldChange } from '../../shared/domain/assetLifecycle';
import type { Asset } from '../../shared/domain/asset';
import { classificationStateLabels } from '../../shared/domain/classification';
import type { PolicyProfile } from '../../shared/domain/policyProfile';
import { importedClassification, type ImportedAsset } from '../../shared/ledgerFile/importLedger';
import type { LegacyAsset, LegacyMapping } from '../../shared/ledgerFile/legacyImport';
import { isKeyIdOf, type LedgerMeta } from '../../shared/ledgerFile/signature';
import { authorisedTakeOut } from '../../shared/registers/takeOut';
import type { DestinationChoice } from '../../shared/registers/approvedMedia';
import { storeLedgerOnMedium } from './registerRepository';
import { appendAudit, recordExportAnchor } from './auditRepository';
import type { AuditAnchorInFile } from '../../shared/domain/auditLog';
import { recomputeDerived } from './classificationRepository';
import type { DaichoDb, HistoryEntry } from './db';
import { signedContext, type WriteContext } from './session';
import { runWrite, WriteAbort, type WriteResult } from './writeResult';
import { chunksOf, WRITE_CHUNK } from './chunks';

type Context = WriteContext;

export interface ExportRecord {
  meta: LedgerMeta;
  fileName: string;
  scope: string;
  destination: string;
  medium: string;
  encrypted: boolean;
  unencryptedReason: string;
  /** The audit anchor the file carries (signed with it); remembered as the last anchored head. */
  audit?: AuditAnchorInFile;
  /**
   * The medium chosen for the file (【03】第8条1): a permitted medium of the ledger, which then holds the
   * ledger (its contents and class follow, 【03】第8条3), or a medium outside it with a reason. Absent:
   * `medium` is free text, as before.
   */
  destinationMedium?: { choice: DestinationChoice; profile: PolicyProfile };
}

/**
 * Records a saved export in the take-out register and the audit log (one transaction), and the audit
 * head the file carried: the screen shows it as where the log was last anchored, the app checks its
 * log against it, and the next export proves it extends this head.
 */
export function recordExport(db: DaichoDb, record: ExportRecord, at: Context): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.takeOuts, db.audit, db.settings, db.assets, db.history, db.labelPrints], async () => {
      const context = await signedContext(db, 'ledger.export', at);
      const stored = record.destinationMedium ? await storeLedgerOnMedium(db, record.destinationMedium.profile, 'export', record.destinationMedium.choice, at) : null;
      const takeOut = authorisedTakeOut(
        'export',
        {
          assetId: stored?.ledgerAsset?.id ?? '', managementNumber: stored?.ledgerAsset?.managementNumber ?? '', purpose: `台帳の書出し（${record.fileName}、${record.scope}、${record.meta.rowCount}件）`, destination: record.destination, medium: stored?.medium ?? record.medium,
          ...(stored?.mediumAssetId ? { mediumAssetId: stored.mediumAssetId } : {}), ...(stored?.offLedgerReason ? { offLedgerReason: stored.offLedgerReason } : {}), encrypted: record.encrypted, unencryptedReason: record.unencryptedReason,
        },
        context,
      );
      const id = await db.takeOuts.add(takeOut);
      await appendAudit(db, [
        {
          at: context.now,
          actor: context.actor,
          action: 'ledger.export',
          target: record.meta.keyId,
          outcome: 'success',
          detail: {
            takeOutId: id, fileName: record.fileName, scope: record.scope, medium: takeOut.medium, ...(takeOut.offLedgerReason ? { offLedgerReason: takeOut.offLedgerReason } : {}), rows: record.meta.rowCount, sequence: record.meta.sequence, keyId: record.meta.keyId, encrypted: record.encrypted, unencryptedReason: record.unencryptedReason,
            ...(record.audit ? { auditHead: { size: record.audit.size, rootHash: record.audit.rootHash } } : {}),
          },
        },
      ]);
      if (record.audit) await recordExportAnchor(db, record.audit, { at: context.now, fileName: record.fileName });
      return id;
    }),
  );
}

/** Records an import that was refused (who tried what, and why), for the audit trail. */
export function recordImportRefusal(db: DaichoDb, fileName: string, reason: string, at: Context): Promise<WriteResult<void>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.audit, async () => {
      const context = await signedContext(db, 'ledger.import', at);
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'ledger.importRefused', target: '', outcome: 'failure', detail: { fileName, reason } }]);
    }),
  );
}

/** How an assessment reads in the history (as the risk panel's own edits write it). */
const showRisk = (r: { threat: number; vulnerability: number } | undefined) => (r ? `脅威${r.threat}・脆弱性${r.vulnerability}` : '');

/**
 * The asset's assessment after importing `row`: unchanged when the file has no risk columns (signed
 * before them) or says the same; otherwise the file's, recorded as assessed by whoever imported it.
 */
function importedRisk(before: Asset['riskAssessment'], row: ImportedAsset, context: { now: string; actor: string }, source: string): Asset['riskAssessment'] {
  if (row.risk === undefined) return before;
  if (row.risk === null) return undefined;
  if (before && before.threat === row.risk.threat && before.vulnerability === row.risk.vulnerability) return before;
  return { ...row.risk, assessedAt: context.now, assessedBy: `${context.actor}（取込み: ${source}）` };
}

export interface ImportSummary {
  added: number;
  changed: number;
}

/**
 * Applies the imported rows: new assets are added, changed ones updated field by field (history and
 * audit), and the signer's sequence number moves forward, all in one transaction, read and written
 * in chunks of `chunkSize` (see chunks.ts; tests pass a small size to cross chunk boundaries).
 */
export function applyLedgerImport(db: DaichoDb, rows: readonly ImportedAsset[], meta: LedgerMeta, profile: PolicyProfile, fileName: string, at: Context, chunkSize: number = WRITE_CHUNK): Promise<WriteResult<ImportSummary>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.assets, db.history, db.audit, db.trustedKeys], async () => {
      const context = await signedContext(db, 'ledger.import', at);
      // By the public key behind the file's key ID: the same key may be trusted under its 12- and 20-character IDs.
      const records = (await db.trustedKeys.toArray()).filter((k) => isKeyIdOf(k.publicKey, meta.keyId));
      if (records.length === 0 || records.some((k) => k.revokedAt) || records.some((k) => meta.sequence <= k.lastSequence)) throw new WriteAbort('stale-import');
      const source = `${meta.organisation} ${meta.section} 通番${meta.sequence}`;
      // Read and written in chunks inside this one transaction (see chunks.ts): no task of the UI
      // thread clones more than WRITE_CHUNK assets, and any failure still rolls back everything. Every
      // row is checked and compared against the state before the import: each chunk's rows right after
      // that chunk's own reads (its assets by id, the holders of its 管理番号), before anything is
      // written, so that work too is split by chunk. Comparing all rows after all reads ran as one task
      // when nothing was to be written (re-importing an unchanged ledger: ~0.6 s at 100,000 rows).
      let added = 0;
      let changed = 0;
      const reclassified: string[] = [];
      // Collected and written in bulk: one put per asset would take minutes for a whole ledger.
      const puts: Asset[] = [];
      const histories: HistoryEntry[] = [];
      for (const chunk of chunksOf(rows, chunkSize)) {
        const current = new Map<string, Asset>();
        const holders = new Map<string, string>();
        for (const asset of await db.assets.bulkGet(chunk.map((r) => r.id))) if (asset) current.set(asset.id, asset);
        for (const asset of await db.assets.where('managementNumber').anyOf(chunk.map((r) => r.input.managementNumber)).toArray()) holders.set(asset.managementNumber, asset.id);
        for (const row of chunk) {
          const holder = holders.get(row.input.managementNumber);
          if (holder && holder !== row.id) throw new WriteAbort('duplicate-number');
          const before = current.get(row.id);
          const classification = row.state === 'unclassified' ? null : importedClassification(profile, row.levels, row.state, { ...context, source });
          if (!before) {
            const riskAssessment = importedRisk(undefined, row, context, source);
            puts.push({ ...createAsset(row.input, row.id, context), status: row.status, classification, ...(riskAssessment ? { riskAssessment } : {}) });
            histories.push({ assetId: row.id, at: context.now, actor: context.actor, action: 'create', changes: [] });
            added++;
            continue;
          }
          const ownLevels = before.classification?.profileId === profile.id ? before.classification.levels : {};
          const sameClass =
            (before.classification?.state ?? 'unclassified') === row.state &&
            profile.objectives.every((o) => ownLevels[o.id] === row.levels[o.id]);
          const after: Asset = { ...before, ...row.input, status: row.status, classification: sameClass ? before.classification : classification, updatedAt: context.now, updatedBy: context.actor };
          const riskAssessment = importedRisk(before.riskAssessment, row, context, source);
          if (riskAssessment) after.riskAssessment = riskAssessment;
          else delete after.riskAssessment;
          const changes: FieldChange[] = diffAsset(before, after);
          if (riskAssessment !== before.riskAssessment) changes.push({ field: 'riskAssessment', label: 'リスク評価', from: showRisk(before.riskAssessment), to: showRisk(riskAssessment) });
          if (!sameClass) reclassified.push(row.id);
          if (!sameClass) changes.push({ field: 'classification', label: '分類', from: classificationStateLabels[before.classification?.state ?? 'unclassified'], to: classificationStateLabels[row.state] });
          if (changes.length === 0) continue;
          puts.push(after);
          histories.push({ assetId: row.id, at: context.now, actor: context.actor, action: 'update', changes });
          changed++;
        }
      }
      for (const chunk of chunksOf(puts, chunkSize)) await db.assets.bulkPut(chunk);
      for (const chunk of chunksOf(histories, chunkSize)) await db.history.bulkAdd(chunk);
      // 【03】第8条3: containers above a reclassified asset take its class.
      if (reclassified.length > 0) await recomputeDerived(db, profile, reclassified);
      await db.trustedKeys.bulkPut(records.map((k) => ({ ...k, lastSequence: meta.sequence })));
      await appendAudit(db, [
        { at: context.now, actor: context.actor, action: 'ledger.import', target: meta.keyId, outcome: 'success', detail: { fileName, source, keyId: meta.keyId, sequence: meta.sequence, rows: rows.length, added, changed } },
      ]);
      return { added, changed };
    }),
  );
}

/**
 * Adds the assets of an unsigned legacy ledger, all or none. Their classes become proposals: nobody
 * signed them, so another security manager approves them in the app (【03】第6条3).
 */
export function importLegacyAssets(db: DaichoDb, rows: readonly LegacyAsset[], profile: PolicyProfile, fileName: string, newId: () => string, at: Context, chunkSize: number = WRITE_CHUNK): Promise<WriteResult<number>> {
  return runWrite(() =>
    db.transaction('rw', [db.accounts, db.assets, db.history, db.audit], async () => {
      const context = await signedContext(db, 'ledger.legacyImport', at);
      const numbers = rows.map((r) => r.input.managementNumber);
      if ((await db.assets.where('managementNumber').anyOf(numbers).count()) > 0) throw new WriteAbort('duplicate-number');
      const source = `既存台帳 ${fileName}`;
      // In chunks inside this one transaction (see chunks.ts): all or none, without one long task.
      for (const chunk of chunksOf(rows, chunkSize)) {
        const assets = chunk.map((row): Asset => {
          const classification = Object.keys(row.levels).length > 0 ? importedClassification(profile, row.levels, 'proposed', { ...context, source }) : null;
          const riskAssessment = row.risk ? { riskAssessment: { ...row.risk, assessedAt: context.now, assessedBy: `${context.actor}（取込み: ${source}）` } } : {};
          return { ...createAsset(row.input, newId(), context), status: row.status, classification, ...riskAssessment };
        });
        await db.assets.bulkAdd(assets);
        await db.history.bulkAdd(assets.map((a) => ({ assetId: a.id, at: context.now, actor: context.actor, action: 'create' as const, changes: [] })));
      }
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'ledger.legacyImport', target: '', outcome: 'success', detail: { fileName, rows: rows.length } }]);
      return rows.length;
    }),
  );
}

/** Which of `numbers` the ledger already holds (from the 管理番号 index), in the order given: a legacy import refused as 'duplicate-number' names them. */
export async function listTakenNumbers(db: DaichoDb, numbers: readonly string[]): Promise<string[]> {
  const taken = new Set((await db.assets.where('managementNumber').anyOf([...numbers]).keys()) as string[]);
  return numbers.filter((n) => taken.has(n));
}

const PRESETS_KEY = 'legacyMappingPresets';

export type MappingPresets = Record<string, LegacyMapping>;

export async function getMappingPresets(db: DaichoDb): Promise<MappingPresets> {
  return ((await db.settings.get(PRESETS_KEY))?.value as MappingPresets | undefined) ?? {};
}

/** Saves a column mapping under a name, for the next file of the same layout. */
export async function saveMappingPreset(db: DaichoDb, name: string, mapping: LegacyMapping, at: Context): Promise<WriteResult<MappingPresets>> {
  return runWrite(() =>
    db.transaction('rw', db.accounts, db.settings, db.audit, async () => {
      const context = await signedContext(db, 'ledger.mappingPreset', at);
      const presets = { ...(await getMappingPresets(db)), [name]: mapping };
      await db.settings.put({ key: PRESETS_KEY, value: presets });
      await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'ledger.mappingPreset', target: name, outcome: 'success', detail: { name } }]);
      return presets;
    }),
  );
}
