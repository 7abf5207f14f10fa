import { proxyActivities, sleep, upsertSearchAttributes } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { Stage } from './search-attributes';

const PROFILES = {
  quick: { startToCloseTimeout: '10 seconds', retry: { initialInterval: '200 milliseconds', maximumAttempts: 5 } },
} as const;

const { recordSmokeRun } = proxyActivities<Activities>(PROFILES.quick);

export interface SmokeInput {
  runId: string;
  /** Durable timer before the activity; lets a test prove time-skipping works. */
  waitMs?: number;
}

/** Smallest end-to-end path: workflow → activity (Postgres + BullMQ) → queue worker. */
export async function smokeWorkflow({ runId, waitMs = 0 }: SmokeInput): Promise<string> {
  if (waitMs > 0) await sleep(waitMs);
  await recordSmokeRun(runId);
  upsertSearchAttributes([{ key: Stage, value: 'recorded' }]);
  return runId;
}
