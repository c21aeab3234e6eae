/**
 * The register of exception measures (例外措置, 【02】第5条) in the database. Each step is one
 * transaction with its audit entry; the person comes from the session, never from the caller, so a
 * request cannot be approved under another name (【01】第11条). A refusal by the state machine is
 * returned as a value and recorded in the audit log as a failed attempt.
 */
import type { Operation } from '../../shared/accounts/permissions';
import type { AuditAction } from '../../shared/domain/auditActions';
import {
  checkException,
  decideException,
  expireException,
  readExceptionRecord,
  readExceptionRecords,
  requestException,
  withdrawException,
  type ExceptionFailure,
  type ExceptionRecord,
  type ExceptionResult,
} from '../../shared/domain/exceptions';
import { appendAudit } from './auditRepository';
import type { DaichoDb } from './db';
import { signedContext } from './session';
import { runWrite, WriteAbort, type WriteFailure } from './writeResult';

type At = { now: string; today: string };
export type ExceptionWriteResult = { ok: true; value: ExceptionRecord } | { ok: false; reason: ExceptionFailure | WriteFailure; issues?: { field: string; message: string }[] };

/** The register, newest first: the records that can be read, and the numbers of those that cannot (edited by hand). */
export async function listExceptions(db: DaichoDb): Promise<{ records: ExceptionRecord[]; unreadable: string[] }> {
  return readExceptionRecords(await db.exceptions.reverse().toArray());
}

/** The readable exceptions covering one asset, newest first. */
export async function listExceptionsForAsset(db: DaichoDb, assetId: string): Promise<ExceptionRecord[]> {
  return readExceptionRecords(await db.exceptions.where('assetIds').equals(assetId).reverse().toArray()).records;
}

type Refused = { refused: Exclude<ExceptionResult, { ok: true }>; actor: string };

async function exceptionWrite(db: DaichoDb, operation: Operation, at: At, failure: { action: AuditAction; target: string }, write: (context: At & { actor: string; userId: string; role: 'securityManager' | 'staff' | 'auditor' }) => Promise<ExceptionRecord | Refused>): Promise<ExceptionWriteResult> {
  const result = await runWrite(() => db.transaction('rw', [db.accounts, db.assets, db.exceptions, db.audit], async () => write(await signedContext(db, operation, at))));
  if (!result.ok) return result;
  const value = result.value;
  if ('refused' in value) {
    await db.transaction('rw', db.audit, () => appendAudit(db, [{ at: at.now, actor: value.actor, ...failure, outcome: 'failure', detail: { reason: value.refused.reason } }]));
    return value.refused;
  }
  return { ok: true, value };
}

/** Staff request an exception for assets of this ledger (all must exist). */
export function requestExceptionFor(db: DaichoDb, input: unknown, at: At): Promise<ExceptionWriteResult> {
  return exceptionWrite(db, 'exception.request', at, { action: 'exception.request', target: '' }, async (context) => {
    const ids = (input as { assetIds?: unknown } | null)?.assetIds;
    // Each asset once, in the order given, as requestException keeps assetIds: managementNumbers[i] is
    // the number of assetIds[i] (a number typed twice would otherwise shift every number after it).
    const assets = Array.isArray(ids) ? await db.assets.bulkGet([...new Set(ids.filter((i): i is string => typeof i === 'string'))]) : [];
    if (assets.some((a) => !a)) throw new WriteAbort('unknown-asset');
    const result = requestException(input, assets.map((a) => a!.managementNumber), { userId: context.userId, name: context.actor, role: context.role }, context);
    if (!result.ok) return { refused: result, actor: context.actor };
    const id = await db.exceptions.add(result.value);
    await appendAudit(db, [{ at: context.now, actor: context.actor, action: 'exception.request', target: String(id), outcome: 'success', detail: { rule: result.value.rule, managementNumbers: result.value.managementNumbers, periodFrom: result.value.periodFrom, periodTo: result.value.periodTo } }]);
    return { ...result.value, id };
  });
}

export type ExceptionStep = { kind: 'decide'; approve: boolean; reason: string } | { kind: 'check'; stillNeeded: boolean; note: string } | { kind: 'withdraw' } | { kind: 'expire' };

const stepOperation: Record<ExceptionStep['kind'], Operation> = { decide: 'exception.decide', check: 'exception.check', withdraw: 'exception.withdraw', expire: 'exception.withdraw' };

/** One step of the state machine, as the signed-in person. */
export function advanceException(db: DaichoDb, id: number, step: ExceptionStep, at: At): Promise<ExceptionWriteResult> {
  const action: AuditAction = step.kind === 'decide' ? (step.approve ? 'exception.approve' : 'exception.reject') : `exception.${step.kind}`;
  return exceptionWrite(db, stepOperation[step.kind], at, { action, target: String(id) }, async (context) => {
    const stored = await db.exceptions.get(id);
    if (!stored) throw new WriteAbort('not-found');
    // A record edited by hand is not advanced: the screen reports it, and nothing is built on it.
    const record = readExceptionRecord(stored);
    if (!record) throw new WriteAbort('wrong-state');
    const person = { userId: context.userId, name: context.actor, role: context.role };
    const result =
      step.kind === 'decide'
        ? decideException(record, person, step.approve, step.reason, context)
        : step.kind === 'check'
          ? checkException(record, person, step, context)
          : step.kind === 'withdraw'
            ? withdrawException(record, person, context.now)
            : expireException(record, context);
    if (!result.ok) return { refused: result, actor: context.actor };
    await db.exceptions.put(result.value);
    const detail = step.kind === 'decide' ? { reason: result.value.decisionReason } : step.kind === 'check' ? { stillNeeded: step.stillNeeded, note: result.value.checks.at(-1)?.note ?? '' } : {};
    await appendAudit(db, [{ at: context.now, actor: context.actor, action, target: String(id), outcome: 'success', detail: { rule: record.rule, managementNumbers: record.managementNumbers, state: result.value.state, ...detail } }]);
    return result.value;
  });
}
