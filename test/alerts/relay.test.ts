import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDb } from '../../db/connection';
import { writeOutbox } from '../../db/outbox';
import { relayBatch } from '../../workers/outbox/relay';
import { jobIdOf } from '../../queues/events';
import { createQueues } from '../../queues/queues';
import { BACKOFF_TYPE, UNTIL_DONE } from '../../queues/retry-policy';
import { freshId, testConfig } from '../support';

const db = createDb(testConfig());
afterAll(() => db.destroy());

const root = fileURLToPath(new URL('../..', import.meta.url));

async function writeEvents(prefix: string, count: number) {
  for (let i = 0; i < count; i++) {
    await writeOutbox(db, {
      topic: i % 2 === 0 ? 'balance.changed' : 'account.stopped',
      dedupeKey: `${prefix}:${i}`,
      payload: i % 2 === 0
        ? { accountIds: [i], transactionId: String(i) }
        : { accountId: i, enterpriseId: 1, available: '0', transactionId: String(i) },
    });
  }
}

/** This test's jobs in a queue, by dedupe key (a duplicate enqueue would show up twice). */
async function jobsOf(queue: ReturnType<typeof createQueues>['notifications'], prefix: string): Promise<string[]> {
  const jobs = await queue.getJobs(['waiting', 'delayed', 'active', 'completed', 'failed']);
  return jobs.map((job) => (job.data as { dedupeKey: string }).dedupeKey).filter((k) => k.startsWith(prefix)).sort();
}

const pendingOf = async (prefix: string) =>
  Number((await db('outbox').whereLike('dedupe_key', `${prefix}%`).whereNull('relayed_at').count({ n: '*' }))[0]!.n);

async function relayAll(queues: ReturnType<typeof createQueues>) {
  while ((await relayBatch(db, queues, 100)) > 0);
}

describe('outbox relay', () => {
  it('routes balance changes to alert-check and the rest to notifications, in outbox order, and marks them relayed', async () => {
    const config = testConfig();
    const queues = createQueues(config);
    const prefix = freshId('relay');
    await writeEvents(prefix, 6);
    await relayAll(queues);
    await relayAll(queues); // nothing left: a second pass changes nothing
    expect(await pendingOf(prefix)).toBe(0);

    const checks = (await queues['alert-check'].getJobs(['waiting'])).reverse().filter((j) => j.data.dedupeKey.startsWith(prefix));
    expect(checks.map((j) => [j.name, j.data.dedupeKey, j.id])).toEqual(
      [0, 2, 4].map((i) => ['balance.changed', `${prefix}:${i}`, jobIdOf(`${prefix}:${i}`)]),
    );
    expect(checks[0]!.opts).toMatchObject({ attempts: UNTIL_DONE, backoff: { type: BACKOFF_TYPE } }); // retried until done
    expect(await jobsOf(queues.notifications, prefix)).toEqual([1, 3, 5].map((i) => `${prefix}:${i}`));
    await queues.close();
  });

  it('a relay process killed between enqueue and mark loses nothing and duplicates nothing', async () => {
    const config = testConfig();
    const queues = createQueues(config);
    const prefix = freshId('killed');
    const lockKey = 4_242_000 + Math.floor(Math.random() * 1000);
    // Holds the relay at the mark, after it enqueued: a trigger waits for a lock this test holds.
    await db.raw(`
      CREATE OR REPLACE FUNCTION test_hold_relay() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM pg_advisory_xact_lock(${lockKey}); RETURN NEW; END $$;
      CREATE TRIGGER test_hold_relay BEFORE UPDATE ON outbox FOR EACH ROW
        WHEN (NEW.dedupe_key LIKE '${prefix}%') EXECUTE FUNCTION test_hold_relay();`);
    const holder = new pg.Client({ connectionString: config.databaseUrl });
    await holder.connect();
    await holder.query('SELECT pg_advisory_lock($1)', [lockKey]);
    try {
      await writeEvents(prefix, 10);
      // node itself (not the tsx CLI, which runs the script in a child process) so SIGKILL hits the relay.
      const relay = spawn(process.execPath, ['--import', 'tsx', 'cli/uam.ts', 'worker', '--only', 'outbox-relay'], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: config.databaseUrl, REDIS_URL: config.redisUrl, QUEUE_PREFIX: config.queuePrefix, LOG_LEVEL: 'silent' },
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => relay.once('exit', resolve));
      // Every event is in BullMQ, and the relay is stuck marking them.
      await vi.waitFor(async () => {
        expect([...(await jobsOf(queues['alert-check'], prefix)), ...(await jobsOf(queues.notifications, prefix))]).toHaveLength(10);
      }, { timeout: 30_000, interval: 100 });
      const stuck = await vi.waitFor(async () => {
        const { rows } = await db.raw(`SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND datname = current_database()`);
        expect(rows).toHaveLength(1);
        return rows[0].pid as number;
      }, { timeout: 10_000, interval: 50 });

      relay.kill('SIGKILL');
      await exited;
      // The database ends the dead client's transaction: nothing was marked relayed.
      await db.raw('SELECT pg_terminate_backend(?)', [stuck]);
      // Termination is asynchronous: until the backend is gone its row locks stand, and the relay skips locked rows.
      await vi.waitFor(async () => expect((await db.raw('SELECT 1 FROM pg_stat_activity WHERE pid = ?', [stuck])).rows).toHaveLength(0), { timeout: 10_000, interval: 50 });
      await holder.query('SELECT pg_advisory_unlock($1)', [lockKey]);
      await vi.waitFor(async () => expect(await pendingOf(prefix)).toBe(10), { timeout: 10_000, interval: 50 });

      // The next relay sends them again; the job ids make that a no-op.
      await relayAll(queues);
      expect(await pendingOf(prefix)).toBe(0);
      const all = [...(await jobsOf(queues['alert-check'], prefix)), ...(await jobsOf(queues.notifications, prefix))].sort();
      expect(all).toEqual(Array.from({ length: 10 }, (_, i) => `${prefix}:${i}`).sort());
    } finally {
      await holder.end();
      await db.raw('DROP TRIGGER IF EXISTS test_hold_relay ON outbox; DROP FUNCTION IF EXISTS test_hold_relay()');
      await queues.close();
    }
  });
});
