import type { Client } from '@temporalio/client';
import type { Db } from '../db/connection';
import { previewMovement } from '../db/ledger/previews';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { UamError } from '../core/errors';
import { parseYuan } from '../domain/money';
import type { Principal } from '../domain/principal';
import {
  MAX_BATCH_ITEMS, REQUEST_ID_PATTERN, batchRequest, batchWorkflowId, movementRequest, movementWorkflowId, type Actor, type BatchItem,
  type MovementInput, type MovementKind, type MovementMemo,
} from '../domain/transfers';
import { batchTransferWorkflow } from '../workflows/batch-transfer';
import { EnterpriseId, Stage } from '../workflows/search-attributes';
import { transferWorkflow } from '../workflows/transfer';
import { withdrawalWorkflow } from '../workflows/withdrawal';
import { requirePermission } from '../domain/permissions';
import { accountPairInScope } from './scope';
import { asUamError } from '../core/failures';

/** What the transfer services need: the database, a Temporal client and the task queue the uam worker polls. */
export interface TransferDeps {
  db: Db;
  temporal: Client;
  taskQueue: string;
  /** How long an approval may wait (default 24 hours). */
  approvalTimeoutMs?: number;
}

export interface StartedMovement {
  workflowId: string;
  requestId: string;
  /** False when this request id had already started it (a double click, a retried request): nothing new ran. */
  started: boolean;
}

/** Only an enterprise's admin starts transfers, and only in its own enterprise. */
export function starterEnterprise(principal: Principal): number {
  requirePermission(principal, 'transfers.write');
  if (principal.enterpriseId === null) throw new UamError('FORBIDDEN', 'an enterprise admin must belong to an enterprise');
  return principal.enterpriseId;
}

export const actorFrom = (p: Principal): Actor => ({ id: p.id, name: p.name, role: p.role, enterpriseId: p.enterpriseId });

export function requireRequestId(value: unknown, field = 'requestId'): string {
  if (typeof value !== 'string' || !REQUEST_ID_PATTERN.test(value)) {
    throw new UamError('VALIDATION_FAILED', `${field}: 1–100 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`, { field });
  }
  return value;
}

function requireAccountId(value: unknown, field: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 2 ** 31 - 1) {
    throw new UamError('VALIDATION_FAILED', `${field}: must be an account id`, { field });
  }
  return value as number;
}

/**
 * Starts the workflow under its business id. A second start with the same id returns the first one (started:
 * false) if it asked for the same thing, and is refused with IDEMPOTENCY_KEY_REUSED if not.
 */
async function startOnce(deps: TransferDeps, workflowId: string, request: string, start: () => Promise<unknown>): Promise<boolean> {
  try {
    await start();
    return true;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw asUamError(err) ?? err;
    const { memo } = await deps.temporal.workflow.getHandle(workflowId).describe();
    if (memo?.request !== request) {
      throw new UamError('IDEMPOTENCY_KEY_REUSED', `request id of ${workflowId} was already used for a different request`, { workflowId });
    }
    return false;
  }
}

async function startMovement(deps: TransferDeps, principal: Principal, kind: MovementKind, raw: Omit<MovementInput, 'kind' | 'enterpriseId' | 'startedBy' | 'amount'> & { amount: unknown }): Promise<StartedMovement> {
  const enterpriseId = starterEnterprise(principal);
  const requestId = requireRequestId(raw.requestId);
  const input: Omit<MovementInput, 'kind'> = {
    requestId, enterpriseId, startedBy: actorFrom(principal),
    fromAccountId: requireAccountId(raw.fromAccountId, kind === 'transfer' ? 'fromAccountId' : 'holderAccountId'),
    toAccountId: requireAccountId(raw.toAccountId, kind === 'transfer' ? 'toAccountId' : 'sourceAccountId'),
    amount: parseYuan(raw.amount).toString(),
    ...(deps.approvalTimeoutMs && { approvalTimeoutMs: deps.approvalTimeoutMs }),
  };
  await accountPairInScope(deps.db, principal, 'transfers.write', input.fromAccountId, input.toAccountId);
  // A prompt refusal of what the workflow would refuse a moment later: the ledger's own preview, refusing as
  // the hold would (same code and figures). The workflow checks again, and the hold under the ledger's locks.
  await previewMovement(deps.db, { kind, from: input.fromAccountId, to: input.toAccountId, amount: BigInt(input.amount), refuse: true });
  const workflowId = movementWorkflowId(kind, enterpriseId, requestId);
  const request = movementRequest({ ...input, kind });
  const started = await startOnce(deps, workflowId, request, () =>
    deps.temporal.workflow.start(kind === 'transfer' ? transferWorkflow : withdrawalWorkflow, {
      workflowId, taskQueue: deps.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE',
      memo: { request, enterpriseId, startedBy: input.startedBy } satisfies MovementMemo,
      typedSearchAttributes: [{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'validating' }],
    }));
  return { workflowId, requestId, started };
}

/** The enterprise admin transfers `amount` (yuan) from A's own cash to B (workflow `transfer-e<enterprise>-<requestId>`). */
export function startTransfer(deps: TransferDeps, p: { principal: Principal; requestId: string; fromAccountId: number; toAccountId: number; amount: string }) {
  return startMovement(deps, p.principal, 'transfer', { requestId: p.requestId, fromAccountId: p.fromAccountId, toAccountId: p.toAccountId, amount: p.amount });
}

/** The enterprise admin takes back `amount` (yuan) that source A transferred to holder B (workflow `withdrawal-e<enterprise>-<requestId>`). */
export function startWithdrawal(deps: TransferDeps, p: { principal: Principal; requestId: string; holderAccountId: number; sourceAccountId: number; amount: string }) {
  return startMovement(deps, p.principal, 'withdrawal', { requestId: p.requestId, fromAccountId: p.holderAccountId, toAccountId: p.sourceAccountId, amount: p.amount });
}

/** Many transfers at once, as one parent workflow (`transfer-batch-e<enterprise>-<batchId>`) with a child transfer per item. */
export async function startBatchTransfer(deps: TransferDeps, p: { principal: Principal; batchId: string; items: Array<{ fromAccountId: number; toAccountId: number; amount: string }> }): Promise<StartedMovement> {
  const enterpriseId = starterEnterprise(p.principal);
  const batchId = requireRequestId(p.batchId, 'batchId');
  if (!Array.isArray(p.items) || p.items.length === 0 || p.items.length > MAX_BATCH_ITEMS) {
    throw new UamError('VALIDATION_FAILED', `items: 1 to ${MAX_BATCH_ITEMS} transfers`, { field: 'items', maximum: MAX_BATCH_ITEMS });
  }
  const items: BatchItem[] = p.items.map((item, i) => ({
    fromAccountId: requireAccountId(item.fromAccountId, `items[${i}].fromAccountId`),
    toAccountId: requireAccountId(item.toAccountId, `items[${i}].toAccountId`),
    amount: parseYuan(item.amount, { field: `items[${i}].amount` }).toString(),
  }));
  for (const item of items) await accountPairInScope(deps.db, p.principal, 'transfers.write', item.fromAccountId, item.toAccountId);
  const workflowId = batchWorkflowId(enterpriseId, batchId);
  const request = batchRequest(enterpriseId, items);
  const started = await startOnce(deps, workflowId, request, () =>
    deps.temporal.workflow.start(batchTransferWorkflow, {
      workflowId, taskQueue: deps.taskQueue, workflowIdReusePolicy: 'REJECT_DUPLICATE', memo: { request, enterpriseId } satisfies MovementMemo,
      args: [{ batchId, enterpriseId, startedBy: actorFrom(p.principal), items, ...(deps.approvalTimeoutMs && { approvalTimeoutMs: deps.approvalTimeoutMs }) }],
      typedSearchAttributes: [{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'running' }],
    }));
  return { workflowId, requestId: batchId, started };
}
