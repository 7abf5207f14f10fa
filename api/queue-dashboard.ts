import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { Queue } from 'bullmq';
import type { FastifyInstance } from 'fastify';

export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/**
 * Mounts Bull Board (jobs per state, failures with their stack, retry and clean buttons) for ops at
 * /admin/queues. Register it inside the scope that authenticates ops: the board itself checks nothing.
 * Accepts `createQueues(…)`'s result (its queues are picked out) or a list of queues.
 */
export async function mountQueueDashboard(fastify: FastifyInstance, queues: Queue[] | Record<string, unknown>): Promise<void> {
  const list = Array.isArray(queues) ? queues : Object.values(queues).filter((q): q is Queue => isQueue(q));
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath(QUEUE_DASHBOARD_PATH);
  createBullBoard({
    queues: list.map((queue) => new BullMQAdapter(queue)),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'uam queues' } },
  });
  await fastify.register(serverAdapter.registerPlugin(), { prefix: QUEUE_DASHBOARD_PATH });
}

function isQueue(value: unknown): value is Queue {
  return typeof value === 'object' && value !== null && 'getJobCounts' in value && 'name' in value;
}
