import type { Db } from '../db/connection';
import { createCreditApplicationActivities } from './credit-application';
import { withTypedFailures } from './failures';
import { createMemberCreditActivities } from './member-credit';

/**
 * The credit workflows' activities: the application lifecycle and member limit changes. Business refusals
 * leave as non-retryable ApplicationFailures typed with the UamError code.
 */
export function createCreditActivities(deps: { db: Db }) {
  return withTypedFailures({
    ...createCreditApplicationActivities(deps),
    ...createMemberCreditActivities(deps),
  });
}

export type CreditActivities = ReturnType<typeof createCreditActivities>;
