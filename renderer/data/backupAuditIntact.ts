/**
 * Whether the audit chain inside a backup is intact, from the backup's own archive anchor. Its own
 * module (only shared/ imports) so the backup worker can run it without pulling in Dexie.
 */
import { z } from 'zod';
import { verifyAuditChain, type AuditEntry } from '../../shared/domain/auditChain';
import { genesisAnchor } from '../../shared/domain/auditArchive';
import type { BackupContent } from '../../shared/backup/backupContent';

/** A backup's archive anchor (settings 'auditAnchor'), untrusted until parsed. */
export const anchorSchema = z.object({ seq: z.number().int().min(0), hash: z.string().regex(/^[0-9a-f]{64}$/) });

/** Whether the audit chain inside a backup is intact (shown before restoring), from its own archive anchor. */
export function backupAuditIntact(content: BackupContent): boolean {
  const anchor = anchorSchema.safeParse(content.tables.settings.find((r) => r.key === 'auditAnchor')?.value);
  return verifyAuditChain(content.tables.audit as unknown as AuditEntry[], anchor.success ? anchor.data : genesisAnchor).ok;
}
