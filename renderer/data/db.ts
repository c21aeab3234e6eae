/**
 * The ledger database (IndexedDB through Dexie). Every schema version stays here with a dated
 * comment; each upgrade has a test that opens the old schema with data (test/integration/renderer/data).
 */
import Dexie, { type DexieOptions, type Table } from 'dexie';
import type { Asset } from '../../shared/domain/asset';
import type { AuditEntry } from '../../shared/domain/auditChain';
import type { FieldChange } from '../../shared/domain/assetLifecycle';
import { upgradeAssetToV2 } from './migrations';
import { recomputeStaleDerived } from './derivedUpgrade';
import type { Account } from '../../shared/accounts/account';
import type { TakeOut } from '../../shared/registers/takeOut';
import type { Disposal } from '../../shared/registers/disposal';
import type { TrustedKey } from '../../shared/ledgerFile/importLedger';
import type { StockTakeScanRecord, StockTakeSession } from '../../shared/domain/stockTake';
import type { ExceptionRecord } from '../../shared/domain/exceptions';

/** One saved change of one asset: who, when, and each field's old and new value. */
export interface HistoryEntry {
  id?: number;
  assetId: string;
  at: string;
  actor: string;
  action: 'create' | 'update' | 'retire' | 'classify' | 'approve' | 'contents' | 'dispose' | 'review' | 'reject';
  changes: FieldChange[];
}

/** One print run of classification labels: what was printed, how and when, to reprint it. */
export interface LabelPrint {
  id?: number;
  at: string;
  actor: string;
  labelProfileId: string;
  labelProfileName: string;
  templateId: string;
  assetIds: string[];
  skip: number;
  output: 'print' | 'pdf';
}

/**
 * This terminal's signing key (【07】第21–22条). In the desktop app (`storage: 'desktop'`) the private key
 * is kept by the main process under the operating system's protection and this record holds none. In
 * the browser preview (and on records made before 2026-11, which have no `storage`) it is a
 * non-extractable WebCrypto key that IndexedDB keeps: page script cannot read it, but a copy of the
 * browser's data folder carries it. Neither field is indexed: no schema version was needed.
 */
export interface SigningKeyRecord {
  keyId: string;
  publicKey: string;
  /** WebCrypto keys only; dropped when the key is retired (it signs nothing more). */
  privateKey?: CryptoKey;
  storage?: 'webcrypto' | 'desktop';
  state: 'active' | 'retired' | 'revoked';
  createdAt: string;
  createdBy: string;
  retiredAt: string | null;
  revokedAt: string | null;
  /** The sequence number the next export signed with this key gets (replay protection). */
  nextSequence: number;
}

export interface SettingRecord {
  key: string;
  value: unknown;
}

/** The schema version this build writes. A database with a higher version is refused, never opened. */
export const SCHEMA_VERSION = 9;

export const DEFAULT_DB_NAME = 'daicho';

export class DaichoDb extends Dexie {
  assets!: Table<Asset, string>;
  history!: Table<HistoryEntry, number>;
  audit!: Table<AuditEntry, number>;
  settings!: Table<SettingRecord, string>;
  labelPrints!: Table<LabelPrint, number>;
  accounts!: Table<Account, string>;
  takeOuts!: Table<TakeOut, number>;
  disposals!: Table<Disposal, number>;
  signingKeys!: Table<SigningKeyRecord, string>;
  trustedKeys!: Table<TrustedKey, string>;
  stockTakes!: Table<StockTakeSession, number>;
  stockTakeScans!: Table<StockTakeScanRecord, number>;
  exceptions!: Table<ExceptionRecord, number>;

  constructor(name: string = DEFAULT_DB_NAME, options?: DexieOptions) {
    super(name, options);
    // 2026-11-22 v1: first schema. Management numbers are unique (stored upper-case); the audit log is
    // keyed by its chain sequence so entries cannot be reordered.
    this.version(1).stores({
      assets: 'id, &managementNumber, status, kind, updatedAt',
      history: '++id, assetId, at',
      audit: 'seq, at, actor, action, target',
      settings: 'key',
    });
    // 2026-11-22 v2: containment for 【03】第8条3 (highest class wins). Assets gain `contents` (the ids
    // they hold, indexed multi-entry to find containers) and `derived`; v1 records get empty values.
    this.version(2)
      .stores({ assets: 'id, &managementNumber, status, kind, updatedAt, *contents' })
      .upgrade((tx) =>
        tx.table('assets').toCollection().modify((asset: Partial<Asset>) => upgradeAssetToV2(asset)),
      );
    // 2026-11-22 v3: the record of printed classification labels (【03】第5条2), to reprint them and
    // to find media without a label.
    this.version(3).stores({ labelPrints: '++id, at' });
    // 2026-11-22 v4: individual accounts (password hashes only), the take-out register (【03】第9条)
    // and the disposal register (【03】第14条). Existing sections create their first account at login.
    this.version(4).stores({ accounts: 'userId', takeOuts: '++id, assetId, state', disposals: '++id, assetId, state' });
    // 2026-11-22 v5: signed ledger exchange. This terminal's signing keys (non-extractable) and the
    // public keys the section trusts, each with the last sequence number imported from it.
    this.version(5).stores({ signingKeys: 'keyId, state', trustedKeys: 'keyId' });
    // 2026-11-29 v6: accounts gain a unique 職員番号 (employeeNumber) so one person cannot hold two
    // accounts (【01】第11条). Accounts made before have none: IndexedDB leaves a record without the
    // field out of the index, so they keep working until a manager records their number.
    this.version(6).stores({ accounts: 'userId, &employeeNumber' });
    // 2026-11-29 v7: the audit screen reads one page at a time instead of the whole log (issue 15). Each
    // filter (everything, an actor, an action, an asset) gets a compound index ending in [at+seq], so a
    // filter within a period is one index range, newest first, continued from a unique (at, seq). The
    // single `at` and `target` indexes go: the compounds start with the same values (Dexie answers
    // where('target') from [target+at+seq]). `actor` stays for the list of actors (its unique keys).
    this.version(7).stores({ audit: 'seq, actor, action, [at+seq], [actor+at+seq], [action+at+seq], [target+at+seq]' });
    // 2026-11-29 v8: no index change. Containers stored before handling was derived read as undecided
    // (strictest handling) until recomputed; their derived class is recomputed once here, under the
    // section's profile (renderer/data/derivedUpgrade.ts).
    this.version(8)
      .stores({})
      .upgrade((tx) => recomputeStaleDerived(tx.table('assets'), tx.table('settings')));
    // 2026-11-29 v9: stock-take (棚卸) sessions and their scans (kept apart so a fast scanner appends
    // small batches instead of rewriting one growing record), and the register of exception measures
    // (例外措置, 【02】第5条), indexed by the assets they cover. New tables only: nothing to upgrade.
    this.version(9).stores({ stockTakes: '++id, state, startedAt', stockTakeScans: '++id, sessionId', exceptions: '++id, state, *assetIds' });
  }
}
