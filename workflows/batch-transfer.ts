import { allHandlersFinished, condition, defineQuery, executeChild, patched, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  batchItemRequestId, movementRequest, movementWorkflowId, unscopedMovementWorkflowId, type BatchItemResult, type BatchStatus,
  type BatchTransferInput, type MovementMemo,
} from '../domain/transfers';
import { failureOf } from '../core/failures';
import { EnterpriseId, Stage } from './search-attributes';
import { transferWorkflow } from './transfer';

/** Per-item results so far. */
export const batchStatusQuery = defineQuery<BatchStatus>('batchTransferStatus');

/**
 * Funds many members at once: one child transfer workflow per item (request id `<batchId>.<n>`), all running
 * side by side, each with its own saga and the same memo and search attributes as a single transfer, so an item
 * that needs a second admin is listed, shown and decided like one. One item's failure is recorded against it and
 * undoes nothing else.
 */
export async function batchTransferWorkflow(input: BatchTransferInput): Promise<BatchStatus> {
  const { enterpriseId } = input;
  // Batches started before request ids were scoped to the enterprise keep their children's ids on replay.
  const workflowIdOf = patched('enterprise-scoped-request-ids')
    ? (requestId: string) => movementWorkflowId('transfer', enterpriseId, requestId)
    : (requestId: string) => unscopedMovementWorkflowId('transfer', requestId);
  const items: BatchItemResult[] = input.items.map((item, index) => {
    const requestId = batchItemRequestId(input.batchId, index);
    return { ...item, index, requestId, workflowId: workflowIdOf(requestId), status: 'pending', error: null };
  });
  const status = (): BatchStatus => ({
    batchId: input.batchId, enterpriseId: input.enterpriseId, total: items.length,
    completed: items.filter((i) => i.status === 'completed').length,
    failed: items.filter((i) => i.status === 'failed').length,
    items: items.map((i) => ({ ...i })),
  });
  setHandler(batchStatusQuery, status);
  upsertSearchAttributes([{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'running' }]);

  await Promise.all(items.map(async (item) => {
    try {
      const movement = { kind: 'transfer', enterpriseId, fromAccountId: item.fromAccountId, toAccountId: item.toAccountId, amount: item.amount } as const;
      await executeChild(transferWorkflow, {
        workflowId: item.workflowId,
        // Closing the batch asks the items still waiting for approval to cancel: each voids its own hold.
        parentClosePolicy: 'REQUEST_CANCEL',
        args: [{
          ...movement, requestId: item.requestId, startedBy: input.startedBy,
          ...(input.approvalTimeoutMs && { approvalTimeoutMs: input.approvalTimeoutMs }),
        }],
        // As a single transfer carries them: shown, approved and listed (approvals) by its enterprise.
        memo: { request: movementRequest(movement), enterpriseId } satisfies MovementMemo,
        typedSearchAttributes: [{ key: EnterpriseId, value: String(enterpriseId) }, { key: Stage, value: 'validating' }],
      });
      item.status = 'completed';
    } catch (err) {
      Object.assign(item, { status: 'failed', error: failureOf(err) });
    }
  }));

  upsertSearchAttributes([{ key: Stage, value: 'completed' }]);
  await condition(allHandlersFinished);
  return status();
}
