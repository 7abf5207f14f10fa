import type { Config } from '../core/config';
import type { Logger } from '../core/logger';
import type { Db } from '../db/connection';
import type { Queues } from '../queues/queues';
import { createCreditActivities } from './credit';
import { createFundingActivities } from './funding';
import { createMonthEndActivities } from './month-end';
import { createSmokeActivities } from './smoke';
import { createTransferActivities } from './transfers';

/** What activities may use. Workflows never see these: they only call activities by name. */
export interface ActivityDeps {
  config: Config;
  db: Db;
  queues: Queues;
  logger: Logger;
}

/** Every activity the Temporal worker registers. Add one line per module. */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createSmokeActivities(deps),
    ...createMonthEndActivities(deps),
    ...createCreditActivities(deps),
    ...createTransferActivities(deps),
    ...createFundingActivities(deps),
  };
}

/** For `proxyActivities<Activities>(…)` in workflows (import type only). */
export type Activities = ReturnType<typeof createActivities>;
