/**
 * The outbox contract: every event the ledger's SQL (and the services) write matches its topic's schema in
 * domain/events.ts TOPICS, and every topic goes to the queue the table names.
 */
import { Ajv } from 'ajv';
import { afterAll, describe, expect, it } from 'vitest';
import { TOPICS, type EventTopic } from '../domain/events';
import * as ledger from '../db/ledger/operations';
import { setAlerts } from '../services/alerts';
import { createFundingPolicy } from '../services/funding-policies';
import { queueForTopic } from '../queues/events';
import { adminOf } from './alerts/pipeline';
import { figures, key, ledgerTestDb, makeEnterprise } from './ledger/fixture';

const db = ledgerTestDb();
afterAll(async () => db.destroy());

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map(Object.entries(TOPICS).map(([topic, spec]) => [topic, ajv.compile(spec.schema)]));

/** Each outbox row since `afterId` that does not match its topic's schema, with why. */
async function mismatches(afterId: string): Promise<Array<{ topic: string; payload: unknown; errors: string }>> {
  const rows = await db('outbox').where('id', '>', afterId).select('topic', 'payload');
  expect(rows.length).toBeGreaterThan(0);
  return rows.flatMap((row: { topic: string; payload: unknown }) => {
    const validate = validators.get(row.topic);
    if (!validate) return [{ topic: row.topic, payload: row.payload, errors: 'topic not in TOPICS' }];
    return validate(row.payload) ? [] : [{ topic: row.topic, payload: row.payload, errors: ajv.errorsText(validate.errors) }];
  });
}

describe('outbox events', () => {
  it('written by the ledger and the services match their topics\' schemas (postings write no balance.changed any more)', async () => {
    const start = (await db.raw('SELECT coalesce(max(id), 0)::text AS last FROM outbox')).rows[0].last as string;
    const ent = await makeEnterprise(db, 2);
    const [a, b] = ent.members as [number, number];
    const actor = 'test';
    // b is kept by a funding policy (from the MA account) above 2.00; a's alert fires below 50.00.
    await createFundingPolicy(db, adminOf(ent.id, ent.ma), ent.id, { fundingAccountId: ent.ma, memberIds: [b], floor: '2', target: '20', dailyCap: '100' });
    await setAlerts(db, adminOf(ent.id, ent.ma), [a], { threshold: '50' });
    await ledger.setEnterpriseCredit(db, { key: key(), enterpriseId: ent.id, publicCloud: 1000_00n, hybridCloud: 0n, reason: 'contract', actor });
    await ledger.setMemberCredit(db, { key: key(), accountId: a, newLimit: 100_00n, reason: 'budget', actor });
    await ledger.topUp(db, { key: key(), accountId: b, amount: 10_00n, actor });
    await ledger.consume(db, { key: key(), accountId: b, amount: 11_00n, actor }); // stops b
    await ledger.topUp(db, { key: key(), accountId: b, amount: 5_00n, actor }); // resumes it
    await ledger.transfer(db, { key: key(), fromAccountId: b, toAccountId: a, amount: 1_00n, actor });
    await ledger.consume(db, { key: key(), accountId: a, amount: 60_00n, actor }); // a: 41.00, below its alert
    await ledger.consume(db, { key: key(), accountId: b, amount: 2_00n, actor }); // b: 1.00, below its floor
    expect((await figures(db, b)).status).toBe('active');

    const written = new Set((await db('outbox').where('id', '>', start).distinct('topic')).map((r: { topic: string }) => r.topic));
    expect([...written].sort()).toEqual([
      'account.resumed', 'account.stopped', 'alert.low_balance', 'alert.settings_changed', 'credit.enterprise_changed', 'credit.member_changed',
      'funding.due',
    ]);
    expect(await mismatches(start)).toEqual([]);
  });

  it('that break their schema are told apart (the check can fail)', () => {
    const validate = validators.get('balance.changed')!;
    expect(validate({ accountIds: [3], transactionId: '17' })).toBe(true);
    expect(validate({ accountIds: [], transactionId: '17' })).toBe(false);
    expect(validate({ accountIds: [3], transactionId: 17 })).toBe(false);
    expect(validators.get('alert.low_balance')!({ accountId: 3, enterpriseId: 1, available: '1.50', threshold: '500' })).toBe(false);
  });

  it('go to the queue their topic names, and an unknown topic is refused', () => {
    const routed = Object.fromEntries((Object.keys(TOPICS) as EventTopic[]).map((topic) => [topic, queueForTopic(topic)]));
    expect(routed['balance.changed']).toBe('alert-check');
    expect(routed['alert.settings_changed']).toBe('alert-check');
    expect(routed['alert.low_balance']).toBe('notifications');
    expect(routed['transfer.failed']).toBe('notifications');
    expect(() => queueForTopic('balance.changd')).toThrow(/not in TOPICS/);
  });
});
