import { allHandlersFinished, condition, defineQuery, executeChild, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import {
  batchItemRequestId, movementWorkflowId, type BatchItemResult, type BatchStatus, type BatchTransferInput,
} from '../domain/transfers';
import { failureOf } from './failure-of';
import { EnterpriseId, Stage } from './search-attributes';
import { transferWorkflow } from './transfer';

/** Per-item results so far. */
export const batchStatusQuery = defineQuery<BatchStatus>('batchTransferStatus');

/**
 * Funds many members at once: one child transfer workflow per item (`transfer-<batchId>.<n>`), all running
 * side by side, each with its own saga. One item's failure is recorded against it and undoes nothing else.
 */
export async function batchTransferWorkflow(input: BatchTransferInput): Promise<BatchStatus> {
  const items: BatchItemResult[] = input.items.map((item, index) => {
    const requestId = batchItemRequestId(input.batchId, index);
    return { ...item, index, requestId, workflowId: movementWorkflowId('transfer', requestId), status: 'pending', error: null };
  });
  const status = (): BatchStatus => ({
    batchId: input.batchId, enterpriseId: input.enterpriseId, total: items.length,
    completed: items.filter((i) => i.status === 'completed').length,
    failed: items.filter((i) => i.status === 'failed').length,
    items: items.map((i) => ({ ...i })),
  });
  setHandler(batchStatusQuery, status);
  upsertSearchAttributes([{ key: EnterpriseId, value: String(input.enterpriseId) }, { key: Stage, value: 'running' }]);

  await Promise.all(items.map(async (item) => {
    try {
      await executeChild(transferWorkflow, {
        workflowId: item.workflowId,
        // Closing the batch asks the items still waiting for approval to cancel: each voids its own hold.
        parentClosePolicy: 'REQUEST_CANCEL',
        args: [{
          requestId: item.requestId, enterpriseId: input.enterpriseId, fromAccountId: item.fromAccountId, toAccountId: item.toAccountId,
          amount: item.amount, startedBy: input.startedBy, ...(input.approvalTimeoutMs && { approvalTimeoutMs: input.approvalTimeoutMs }),
        }],
        typedSearchAttributes: [{ key: EnterpriseId, value: String(input.enterpriseId) }, { key: Stage, value: 'validating' }],
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
