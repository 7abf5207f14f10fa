import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDelivery, finishDelivery } from '../../db/deliveries';
import { NOTIFICATION_DELIVERIES, recordNotifications } from '../../db/notification-delivery';
import { freshId, type TestEnterprise } from '../support';
import { call, enterpriseWithTokens, startTestApi, type Api, type Tokens } from './support';

let api: Api;
let ent: TestEnterprise;
let tokens: Tokens;

/** A message as the notifier records it, then delivered: one failed attempt, one that succeeded. */
async function delivered(accountId: number, subject: string) {
  const [id] = await recordNotifications(api.db, [{
    idempotencyKey: freshId('n'), eventKey: freshId('e'), topic: 'alert.low_balance', channel: 'email', recipient: 'ops@example.test',
    accountId, recipientAccountId: ent.ma, enterpriseId: ent.id, subject, body: `${subject}: available 12.00 yuan`,
  }], 3_600_000);
  const claim = () => claimDelivery(api.db, NOTIFICATION_DELIVERIES, id!, { leaseMs: 60_000 });
  const first = await claim();
  await finishDelivery(api.db, NOTIFICATION_DELIVERIES, first.claimed!, { outcome: 'retryable', error: 'SMTP 421 try later', retryAt: new Date() });
  const second = await claim();
  await finishDelivery(api.db, NOTIFICATION_DELIVERIES, second.claimed!, { outcome: 'sent' });
}

beforeAll(async () => {
  api = await startTestApi();
  ({ ent, tokens } = await enterpriseWithTokens(api.db, 2));
  await delivered(ent.members[0]!, 'Low balance 1');
  await delivered(ent.members[0]!, 'Low balance 2');
});
afterAll(async () => api?.close());

describe('notifications through HTTP', () => {
  it('lists what was sent about an account, newest first, with every attempt, paged', async () => {
    const page = await call(api.app, tokens.member, 'GET', `/accounts/${ent.members[0]}/notifications?limit=1`);
    expect(page.status).toBe(200);
    expect(page.body.items).toMatchObject([{
      subject: 'Low balance 2', channel: 'email', recipient: 'ops@example.test', status: 'sent', topic: 'alert.low_balance',
      attempts: [{ attempt: 1, outcome: 'retryable', error: 'SMTP 421 try later' }, { attempt: 2, outcome: 'sent', error: null }],
    }]);
    const older = await call(api.app, tokens.member, 'GET', `/accounts/${ent.members[0]}/notifications?before=${page.body.next}`);
    expect(older.body.items.map((n: { subject: string }) => n.subject)).toEqual(['Low balance 1']);
    expect(older.body.next).toBeNull();
  });

  it('shows the MA account the messages it received for its members', async () => {
    const ma = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.ma}/notifications`);
    expect(ma.body.items).toHaveLength(2);
    const none = await call(api.app, tokens.enterprise_admin, 'GET', `/accounts/${ent.members[1]}/notifications`);
    expect(none.body).toEqual({ items: [], next: null });
  });
});
