import { ApplicationFailure, CancelledFailure, TemporalFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { isErrorCode } from '../core/errors';

/**
 * The business code and message of a failure, for status and notifications: the first ApplicationFailure typed
 * with a uam error code (or a cancellation), through ActivityFailure or ChildWorkflowFailure wrappers. Anything
 * else is INTERNAL.
 */
export function failureOf(err: unknown): { code: string; message: string } {
  if (err instanceof WorkflowExecutionAlreadyStartedError) return { code: 'CONFLICT', message: `${err.workflowId} was already started` };
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && isErrorCode(e.type)) return { code: e.type, message: e.message };
    if (e instanceof CancelledFailure) return { code: 'CANCELLED', message: 'cancelled before it was posted' };
    if (!(e instanceof TemporalFailure)) break;
  }
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}
