import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSince } from '../../cli/notifications';
import { claimDelivery, finishDelivery } from '../../db/deliveries';
import { NOTIFICATION_DELIVERIES, recordNotifications } from '../../db/notification-delivery';
import { freshId, type TestEnterprise } from '../support';
import { runUam } from './run-cli';
import { enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let url: string;
let ent: TestEnterprise;
let tokens: Tokens;

beforeAll(async () => {
  api = await startTestApi();
  url = await api.app.listen({ host: '127.0.0.1', port: 0 });
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 1));
});
afterAll(async () => api?.close());

const uam = (args: string[], token: string) => runUam(args, { apiUrl: url, token });

/** A message whose only attempt was refused for good. */
async function failedMessage(): Promise<bigint> {
  const [id] = await recordNotifications(api.db, [{
    idempotencyKey: freshId('n'), eventKey: freshId('e'), topic: 'account.stopped', channel: 'email', recipient: 'gone@example.test',
    accountId: ent.members[0]!, recipientAccountId: ent.members[0]!, enterpriseId: ent.id, subject: 'Account stopped', body: 'stopped',
  }], 3_600_000);
  const claim = await claimDelivery(api.db, NOTIFICATION_DELIVERIES, id!, { leaseMs: 60_000 });
  await finishDelivery(api.db, NOTIFICATION_DELIVERIES, claim.claimed!, { outcome: 'permanent', error: '550 mailbox unavailable' });
  return id!;
}

describe('uam notifications retry', () => {
  it('reads --since as a time or as how long ago', () => {
    const now = Date.parse('2026-11-30T12:00:00Z');
    expect(parseSince('6h', now)).toBe('2026-11-30T06:00:00.000Z');
    expect(parseSince('2d', now)).toBe('2026-11-28T12:00:00.000Z');
    expect(parseSince('2026-11-30T08:00:00+08:00')).toBe('2026-11-30T00:00:00.000Z');
    expect(() => parseSince('yesterday')).toThrow(/30m, 6h, 2d/);
  });

  it('re-drives the failed messages of the period, once, for ops only', async () => {
    const id = await failedMessage();
    const done = await uam(['notifications', 'retry', '--failed', '--since', '1h', '--enterprise', String(ent.id), '--json'], tokens.ops);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ retried: 1, ids: [String(id)], more: false });
    expect(await api.db('notifications').where({ id: id.toString() }).first('status')).toEqual({ status: 'retrying' }); // the workers send it
    expect((await uam(['notifications', 'retry', '--failed', '--since', '1h', '--enterprise', String(ent.id)], tokens.ops)).stdout).toBe('no failed messages in that time\n');

    const usage = await uam(['notifications', 'retry', '--since', '1h'], tokens.ops);
    expect([usage.code, usage.stderr]).toEqual([2, '✗ say which messages: --failed\n']);
    const refused = await uam(['notifications', 'retry', '--failed', '--since', '1h'], tokens.enterprise_admin);
    expect([refused.code, refused.stderr]).toEqual([3, expect.stringMatching(/^✗ FORBIDDEN: /)]);
    expect((await uam(['notifications', 'retry', '--help'], tokens.ops)).stdout).toMatch(/Examples:\n {2}\$ uam notifications retry --failed --since 6h/);
  }, 180_000); // five CLI processes
});
