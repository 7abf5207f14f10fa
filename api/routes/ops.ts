import type { FastifyInstance } from 'fastify';
import { QUEUE_NAMES } from '../../queues/queues';
import { opsHealth, temporalWorkflowsUrl } from '../../services/health';
import type { ApiContext } from '../context';
import { id, nullable, responses } from '../schemas';

const count = { type: 'integer', minimum: 0 } as const;

const checkSchema = {
  type: 'object',
  properties: {
    component: { type: 'string', enum: ['Postgres', 'Migrations', 'Redis', 'Temporal'] },
    address: { type: 'string', description: 'host:port (and database), never a password' },
    ok: { type: 'boolean' },
    problem: nullable({ type: 'string', enum: ['unreachable', 'database_missing', 'pending_migrations'], description: 'null when ok' }),
    detail: { type: 'string', description: "the check's own words (English), e.g. the connection error" },
    pending: { type: 'array', items: { type: 'string' }, description: 'migrations not yet applied (Migrations only)' },
    hint: nullable({ type: 'string', description: 'how to fix it' }),
  },
} as const;

const queueSchema = {
  type: 'object',
  properties: {
    name: { type: 'string', enum: [...QUEUE_NAMES] },
    waiting: count, active: count, delayed: count, failed: count, completed: count, paused: count,
    workers: { ...count, description: 'workers connected now (0: nothing consumes it)' },
  },
} as const;

/** Ops: `uam doctor` through the API, and where the Temporal Web UI lists workflows. */
export function opsRoutes(app: FastifyInstance, deps: ApiContext): void {
  app.get<{ Querystring: { enterpriseId?: number } }>('/ops/health', {
    schema: {
      tags: ['ops'],
      summary: 'Postgres, pending migrations, Redis, Temporal and each queue’s job counts — the checks of `uam doctor` (ops)',
      querystring: { type: 'object', additionalProperties: false, properties: { enterpriseId: { ...id, description: "also link to this enterprise's workflows" } } },
      response: responses({
        type: 'object',
        properties: {
          ok: { type: 'boolean', description: 'every check passed' },
          checks: { type: 'array', items: checkSchema },
          queues: {
            type: 'object',
            properties: { ok: { type: 'boolean' }, error: nullable({ type: 'string' }), items: { type: 'array', items: queueSchema } },
          },
          redisWarning: nullable({ type: 'string', description: 'Redis may lose queued work on a restart' }),
          temporalUiUrl: { type: 'string', description: "the Temporal Web UI's workflow list (TEMPORAL_UI_URL)" },
          enterpriseWorkflowsUrl: nullable({ type: 'string', description: "the same list filtered to the enterprise's workflows (EnterpriseId)" }),
        },
      }),
    },
  }, async (request) => {
    const health = await opsHealth(deps.config, request.principal);
    const { enterpriseId } = request.query;
    return {
      ok: health.checks.every((c) => c.ok),
      checks: health.checks.map((c) => ({ ...c, problem: c.problem ?? null, hint: c.hint ?? null, pending: c.pending ?? [] })),
      queues: { ok: health.queues.ok, error: health.queues.error ?? null, items: health.queues.queues },
      redisWarning: health.redisWarning,
      temporalUiUrl: temporalWorkflowsUrl(deps.config),
      enterpriseWorkflowsUrl: enterpriseId === undefined ? null : temporalWorkflowsUrl(deps.config, enterpriseId),
    };
  });
}
