import { traceCarrier } from '../core/tracing';
import type { Db } from '../db/connection';
import type { Queues } from '../queues/queues';

export interface SmokeJob {
  runId: string;
  /** The activity's trace (tracing on), which the job's span continues. */
  traceparent?: string;
}

/**
 * The smoke path's one side effect: record the run, then hand it to the `smoke` queue. Safe to retry:
 * the insert ignores an existing row and the job id makes a second enqueue a no-op.
 */
export function createSmokeActivities({ db, queues }: { db: Db; queues: Pick<Queues, 'smoke'> }) {
  return {
    async recordSmokeRun(runId: string): Promise<void> {
      await db('smoke_runs').insert({ id: runId }).onConflict('id').ignore();
      await queues.smoke.add('complete', { runId, ...traceCarrier() } satisfies SmokeJob, { jobId: runId });
    },
  };
}
