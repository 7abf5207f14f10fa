import { ServiceError, isGrpcServiceError } from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { UamError, isErrorCode } from '../core/errors';

const UNAVAILABLE = 14;
const DEADLINE_EXCEEDED = 4;

function grpcCode(err: unknown): number | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (isGrpcServiceError(e)) return e.code;
  }
  return undefined;
}

/**
 * What a Temporal call's failure means to a user: the first ApplicationFailure in the chain whose `type` is a
 * uam error code (an update's validator, or an activity's business refusal) becomes that UamError; an unknown
 * workflow becomes `notFound()`; an unreachable server DEPENDENCY_UNAVAILABLE. Anything else is returned as is.
 */
export function fromTemporal(err: unknown, notFound: () => UamError): unknown {
  if (err instanceof UamError) return err;
  if (err instanceof WorkflowNotFoundError) return notFound();
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if (e instanceof ApplicationFailure && isErrorCode(e.type)) {
      const details = e.details?.[0];
      return new UamError(e.type, e.message, typeof details === 'object' && details !== null ? (details as Record<string, unknown>) : {});
    }
  }
  const code = grpcCode(err);
  if (code === UNAVAILABLE || code === DEADLINE_EXCEEDED || (err instanceof ServiceError && code === undefined && /connect/i.test(err.message))) {
    return new UamError('DEPENDENCY_UNAVAILABLE', 'the workflow service is unavailable; try again shortly');
  }
  return err;
}
