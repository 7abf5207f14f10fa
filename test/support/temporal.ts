import { TestWorkflowEnvironment } from '@temporalio/testing';
import { inject } from 'vitest';
import { registerSearchAttributes } from '../../scripts/provision/temporal';

/** Path of the `temporal-test-server` binary, for `executable: { type: 'existing-path', path }`. */
export function temporalTestServerPath(): string {
  return inject('temporalTestServerPath');
}

/**
 * Temporal's time-skipping test server (timers of days pass in milliseconds), from the binary the global
 * setup found, with uam's search attributes registered. Call `env.teardown()` when done.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}
