import type { Client } from '@temporalio/client';
import type { Redis } from 'ioredis';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';

export type Dependency = 'postgres' | 'redis' | 'temporal';

/** How to ask each dependency through the process's own connection; a dependency it does not use is left out. */
export type Probes = Partial<Record<Dependency, () => Promise<unknown>>>;

/** The probes of a process holding a Knex pool, an ioredis connection and a Temporal client. */
export function probesOf(deps: { db: Db; temporal: Client; redis?: Redis }, timeoutMs = 2000): Probes {
  return {
    postgres: () => deps.db.raw('select 1'),
    ...(deps.redis && { redis: () => deps.redis!.ping() }),
    temporal: () => deps.temporal.connection.withDeadline(Date.now() + timeoutMs, () => deps.temporal.workflowService.getSystemInfo({})),
  };
}

function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms); });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

const firstLine = (err: unknown) => (err instanceof Error ? err.message : String(err)).split('\n')[0]!.slice(0, 200);

/**
 * Whether this process can serve: each dependency asked through the connections the process itself uses, at
 * once and with a short deadline. Returns the checks when all answer; throws DEPENDENCY_UNAVAILABLE naming each
 * one that does not (the API answers 503 with it).
 */
export async function readiness(probes: Probes, timeoutMs = 2000): Promise<Partial<Record<Dependency, 'ok'>>> {
  const entries = Object.entries(probes) as Array<[Dependency, () => Promise<unknown>]>;
  const results = await Promise.all(entries.map(async ([name, probe]) => {
    try {
      await within(timeoutMs, probe());
      return [name, 'ok'] as const;
    } catch (err) {
      return [name, `down: ${firstLine(err)}`] as const;
    }
  }));
  const down = results.filter(([, state]) => state !== 'ok');
  if (down.length) {
    throw new UamError('DEPENDENCY_UNAVAILABLE', `not ready: ${down.map(([name, state]) => `${name} ${state}`).join('; ')}`, {
      dependencies: down.map(([name]) => name), checks: Object.fromEntries(results),
    });
  }
  return Object.fromEntries(results) as Partial<Record<Dependency, 'ok'>>;
}
