import { ApplicationFailure } from '@temporalio/common';
import { UamError } from '../core/errors';

/**
 * A UamError leaves an activity as an ApplicationFailure whose `type` is the error code, so a workflow and,
 * through it, the API see the same code. Business refusals (4xx) are non-retryable: retrying cannot change
 * the answer. Anything else stays a plain error and is retried by the activity's retry policy.
 */
export function toActivityFailure(err: unknown): unknown {
  if (!(err instanceof UamError)) return err;
  return ApplicationFailure.create({
    type: err.code,
    message: err.message,
    nonRetryable: err.status < 500,
    // Payloads are JSON: a bigint in the details would make the failure itself fail to serialize.
    details: [JSON.parse(JSON.stringify(err.details, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))],
  });
}

/** Wraps every activity of a module so its UamErrors become typed ApplicationFailures. */
export function withTypedFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped = Object.entries(activities).map(([name, fn]) => [
    name,
    async (...args: never[]) => {
      try {
        return await fn(...args);
      } catch (err) {
        throw toActivityFailure(err);
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
