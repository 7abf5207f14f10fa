import type { Config } from '../core/config';
import { requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';
import { queueHealth, type QueuesHealth } from '../queues/queue-health';
import { type CheckResult, runChecks } from '../scripts/checks';
import { redisPersistence } from '../scripts/redis-persistence';

export interface SystemHealth {
  /** Postgres, its pending migrations, Redis and Temporal, in that order. */
  checks: CheckResult[];
  /** Job counts per queue (read only when Redis answered). */
  queues: QueuesHealth;
  /** Redis keeps queued work on disk? null when it does, or when Redis did not answer. */
  redisWarning: string | null;
}

/**
 * The checks `uam doctor` prints and ops see in the console: one place for both. Each dependency is reached
 * afresh from the configuration (not through the caller's pooled connections), as a new process would.
 */
export async function systemHealth(config: Config): Promise<SystemHealth> {
  const checks = await runChecks(config);
  if (!checks.find((c) => c.component === 'Redis')?.ok) {
    return { checks, queues: { ok: false, queues: [], error: 'Redis does not answer' }, redisWarning: null };
  }
  const [queues, persistence] = await Promise.all([
    queueHealth(config),
    redisPersistence(config.redisUrl).catch((err: unknown) => ({ warning: `Redis persistence unknown: ${String(err)}` })),
  ]);
  return { checks, queues, redisWarning: persistence.warning };
}

/** The same, for an ops principal through the API. */
export function opsHealth(config: Config, principal: Principal): Promise<SystemHealth> {
  requirePermission(principal, 'ops.health');
  return systemHealth(config);
}

/**
 * The Temporal Web UI's workflow list, of one enterprise when given: every workflow uam starts for an enterprise
 * carries the EnterpriseId search attribute (workflows/search-attributes.ts), so its list is a visibility query.
 */
export function temporalWorkflowsUrl(config: Pick<Config, 'temporal'>, enterpriseId?: number): string {
  const { uiUrl, namespace } = config.temporal;
  const list = `${uiUrl}/namespaces/${encodeURIComponent(namespace)}/workflows`;
  return enterpriseId === undefined ? list : `${list}?query=${encodeURIComponent(`EnterpriseId="${enterpriseId}"`)}`;
}
