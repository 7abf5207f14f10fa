import type { Knex } from 'knex';
import type { Config } from '../core/config';
import { UamError } from '../core/errors';
import { redriveFailed } from '../db/delivery-redrive';
import { NOTIFICATION_DELIVERIES } from '../db/notification-delivery';
import { requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';
import { ensureDelivery } from '../notifications/delivery-processor';
import { NOTIFICATION_KIND } from '../notifications/notification-target';
import type { Queues } from '../queues/queues';

export interface RedriveRequest {
  /** ISO 8601: messages created at or after this time… */
  since: string;
  /** …and before this one (default: now). */
  until?: string;
  enterpriseId?: number;
  limit?: number;
}

export interface Redriven {
  retried: number;
  ids: string[];
  /** More failed messages match: ask again. */
  more: boolean;
}

export const MAX_REDRIVE = 10_000;

function instant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) throw new UamError('VALIDATION_FAILED', `${field}: must be an ISO 8601 date-time`, { field });
  return at;
}

/**
 * Ops re-drive failed messages (a long outage ran out their retry budget; a refusal ops have since fixed): each
 * becomes due again with a fresh budget and its delivery job is queued (or retried) now. A failed message was
 * never accepted, and each is taken by one re-drive and one sender at a time, so nothing is sent twice. Without
 * `queues` (an API without Redis) the workers' re-drive queues them within REDRIVE_AFTER_MS.
 */
export async function retryFailedNotifications(
  deps: { db: Knex; config: Pick<Config, 'retry'>; queues?: Pick<Queues, 'deliveries'> },
  principal: Principal,
  request: RedriveRequest,
): Promise<Redriven> {
  requirePermission(principal, 'queues.manage');
  const since = instant(request.since, 'since')!;
  const until = instant(request.until, 'until');
  const limit = request.limit ?? 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_REDRIVE) {
    throw new UamError('VALIDATION_FAILED', `limit: 1 to ${MAX_REDRIVE}`, { field: 'limit' });
  }
  const ids = await redriveFailed(deps.db, NOTIFICATION_DELIVERIES, {
    since, limit, ...(until && { until }), ...(request.enterpriseId !== undefined && { enterpriseId: request.enterpriseId }),
  }, deps.config.retry.giveUpAfterMs);
  if (deps.queues) for (const id of ids) await ensureDelivery(deps.queues.deliveries, NOTIFICATION_KIND, id);
  return { retried: ids.length, ids: ids.map(String), more: ids.length === limit };
}
