import { describe, expect, it } from 'vitest';
import type { EventParties, Party } from '../../db/event-parties';
import type { ContactEvent } from '../../domain/contacts';
import type { EventPayloads, EventTopic, MessageTopic } from '../../domain/events';
import { audienceOf } from '../../notifications/audience';
import { messagesFor } from '../../notifications/messages';
import { renderEvent } from '../../notifications/templates';

const all = ['low_balance', 'account_stopped', 'credit', 'transfers'] as ContactEvent[];
const email = (address: string, events = all) => ({ channel: 'email' as const, address, events });
const sms = (address: string, events = all) => ({ channel: 'sms' as const, address, events });
const maParty: Party = { accountId: 1, name: 'Acme MA', kind: 'ma', contacts: [email('ma@acme.test'), sms('13800000000')] };
const parties: EventParties = {
  enterpriseId: 7,
  enterpriseName: 'Acme',
  ma: maParty,
  accounts: new Map<number, Party>([
    [1, maParty],
    [2, { accountId: 2, name: 'Dev team', kind: 'member', contacts: [email('dev@acme.test')] }],
    [3, { accountId: 3, name: 'Ops team', kind: 'member', contacts: [email('MA@acme.test')] }],
  ]),
  finance: [email('finance@acme.test', ['credit'])],
};

const credit = { enterpriseId: 7, oldLimit: '100000', newLimit: '250050', actor: 'principal:4:Ada', reason: 'growth', transactionId: '9' };
const transfer = { requestId: 'tr-9', kind: 'transfer' as const, enterpriseId: 7, fromAccountId: 2, toAccountId: 3, amount: '12345' };

/** Every event that is a message (the type makes the list complete), with the figures its text must show. */
const EVENTS: { [T in MessageTopic]: [EventPayloads[T], string[]] } = {
  'alert.low_balance': [{ accountId: 2, enterpriseId: 7, available: '-150', threshold: '5000', stopped: true }, ['-1.50 yuan', '50.00 yuan', 'is stopped']],
  'account.stopped': [{ accountId: 2, enterpriseId: 7, available: '0', transactionId: '1' }, ['0.00 yuan', 'Dev team (account 2)']],
  'account.resumed': [{ accountId: 2, enterpriseId: 7, available: '1', transactionId: '1' }, ['0.01 yuan']],
  'credit.enterprise_changed': [{ ...credit, accountId: null }, ['1000.00 yuan', '2500.50 yuan', 'by Ada', 'growth']],
  'credit.member_changed': [{ ...credit, accountId: 2 }, ['Dev team', '2500.50 yuan']],
  'credit.application_decided': [{ applicationId: 'app-1', enterpriseId: 7, decision: 'approved', total: '100000000' }, ['approved', 'is now 1000000.00 yuan, in force from now on', 'Credit Quota Settings']],
  'credit.contract_pending': [{ applicationId: 'app-1', enterpriseId: 7, deadline: '2026-12-31', reminder: 2 }, ['Reminder 2', '2026-12-31']],
  'transfer.completed': [transfer, ['123.45 yuan was transferred from Dev team (account 2) to Ops team (account 3)']],
  'transfer.failed': [{ ...transfer, kind: 'withdrawal', code: 'WITHDRAWAL_EXCEEDS_MAXIMUM', message: 'too much' }, ['withdrawal of 123.45 yuan', 'WITHDRAWAL_EXCEEDS_MAXIMUM', 'No money moved']],
  'alert.recovered': [{ accountId: 2, enterpriseId: 7, available: '6000', threshold: '5000' }, ['Dev team (account 2)', '60.00 yuan', 'back at or above', '50.00 yuan']],
  'alert.runway': [{ accountId: 2, enterpriseId: 7, available: '40000', spend7d: '70000', days: 7 }, ['about 4.0 days', '100.00 yuan a day', 'fewer than the 7 days']],
  'webhook.disabled': [{ enterpriseId: 7, endpointId: 'wh-1', url: 'https://hooks.acme.test/uam' }, ['https://hooks.acme.test/uam', 'disabled', 'uam webhooks enable']],
  'funding.blocked': [
    { policyId: 5, enterpriseId: 7, accountId: 2, fundingAccountId: 3, reason: 'daily_cap_reached', dailyCap: '50000', available: '-120' },
    ['Funding policy 5 could not top up Dev team (account 2)', '-1.20 yuan', 'daily cap of 500.00 yuan', "raise the policy's daily cap"],
  ],
};

describe('message templates', () => {
  for (const [topic, [payload, expected]] of Object.entries(EVENTS) as Array<[EventTopic, [never, string[]]]>) {
    it(`${topic}: names the account, shows yuan with two decimals and says what to do next`, () => {
      const rendered = renderEvent(topic, payload, parties)!;
      for (const text of expected) expect(`${rendered.subject}\n${rendered.text}`).toContain(text);
      expect(rendered.text).toMatch(/\nWhat to do next: \S/);
      expect(rendered.sms.length).toBeLessThanOrEqual(300);
    });
  }

  it('balance changes and alert-setting changes are not messages', () => {
    expect(audienceOf('balance.changed', { accountIds: [2], transactionId: '1' })).toBeNull();
    expect(renderEvent('alert.settings_changed', { accountIds: [2], actor: 'x' }, parties)).toBeNull();
  });

  it('a transfer reaches both accounts and the MA account, each address once, by email and by SMS where there is a phone', () => {
    const audience = audienceOf('transfer.completed', transfer)!;
    const rendered = renderEvent('transfer.completed', transfer, parties)!;
    const { messages } = messagesFor({ dedupeKey: 'transfer:tr-9', topic: 'transfer.completed' }, audience, parties, rendered);
    expect(messages.map((m) => [m.channel, m.recipient, m.recipientAccountId, m.idempotencyKey])).toEqual([
      ['email', 'dev@acme.test', 2, 'transfer:tr-9/email/dev@acme.test'],
      ['email', 'MA@acme.test', 3, 'transfer:tr-9/email/ma@acme.test'], // the MA's address in another case: one message
      ['sms', '13800000000', 1, 'transfer:tr-9/sms/13800000000'],
    ]);
  });
});
