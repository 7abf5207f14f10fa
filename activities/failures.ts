import { ApplicationFailure } from '@temporalio/common';
import { asUamError } from '../core/failures';

/**
 * A failure leaves an activity typed with its uam code (the ApplicationFailure `type`), so a workflow and,
 * through it, the API see the same code and message (core/failures.ts reads them back). Business refusals
 * (4xx) are non-retryable: retrying cannot change the answer. A failure the translator does not know stays
 * the error it was and is retried by the activity's retry policy.
 */
export function toActivityFailure(err: unknown): unknown {
  const uam = asUamError(err);
  if (!uam) return err;
  return ApplicationFailure.create({
    type: uam.code,
    message: uam.message,
    nonRetryable: uam.status < 500,
    // Payloads are JSON: a bigint in the details would make the failure itself fail to serialize.
    details: [JSON.parse(JSON.stringify(uam.details, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)))],
  });
}

/** Wraps every activity of a module so its failures leave typed. */
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
