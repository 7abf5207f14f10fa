import type { ContactEvent } from '../domain/contacts';
import { type EventPayloads, type EventTopic, type MessageTopic, isMessageTopic } from '../domain/events';

/**
 * Who an event concerns: the accounts it is about (their contacts hear it, and so does the MA account's, as
 * the enterprise's administrator) or, for an enterprise-wide event, the enterprise (its finance contacts and
 * the MA account's). Only contacts that asked for the event's kind (`event`) receive it.
 */
export interface Audience {
  enterpriseId: number;
  /** Accounts the event is about; empty for enterprise-wide events. */
  accountIds: number[];
  /** The kind of event, as contacts choose what they want. */
  event: ContactEvent;
  /** Enterprise-wide (credit of the enterprise, applications, contract reminders): the finance contacts hear it. */
  enterpriseWide: boolean;
}

type AudienceRule<T extends MessageTopic> = (payload: EventPayloads[T]) => Audience | null;

const ofAccounts = (event: ContactEvent, enterpriseId: number, ...accountIds: number[]): Audience =>
  ({ enterpriseId, accountIds, event, enterpriseWide: false });
const ofEnterprise = (event: ContactEvent) => (p: { enterpriseId: number }): Audience =>
  ({ enterpriseId: p.enterpriseId, accountIds: [], event, enterpriseWide: true });

/** To whom each message goes (every message topic of TOPICS has a rule, or this does not compile). */
const RULES: { [T in MessageTopic]: AudienceRule<T> } = {
  'alert.low_balance': (p) => ofAccounts('low_balance', p.enterpriseId, p.accountId),
  'alert.recovered': (p) => ofAccounts('low_balance', p.enterpriseId, p.accountId),
  'alert.runway': (p) => ofAccounts('low_balance', p.enterpriseId, p.accountId),
  'account.stopped': (p) => ofAccounts('account_stopped', p.enterpriseId, p.accountId),
  'account.resumed': (p) => ofAccounts('account_stopped', p.enterpriseId, p.accountId),
  'credit.member_changed': (p) => (p.accountId === null ? ofEnterprise('credit')(p) : ofAccounts('credit', p.enterpriseId, p.accountId)),
  'credit.enterprise_changed': ofEnterprise('credit'),
  'credit.application_decided': ofEnterprise('credit'),
  'credit.contract_pending': ofEnterprise('credit'),
  /** Finance contacts hear of a disabled webhook endpoint with the enterprise's other money matters ('credit'). */
  'webhook.disabled': ofEnterprise('credit'),
  'transfer.completed': (p) => ofAccounts('transfers', p.enterpriseId, p.fromAccountId, p.toAccountId),
  'transfer.failed': (p) => ofAccounts('transfers', p.enterpriseId, p.fromAccountId, p.toAccountId),
  'funding.blocked': (p) => ofAccounts('low_balance', p.enterpriseId, p.accountId),
};

/** Who hears of an event; null for events that are work for the alert check, not messages. */
export function audienceOf<T extends EventTopic>(topic: T, payload: EventPayloads[T]): Audience | null {
  if (!isMessageTopic(topic)) return null;
  return (RULES[topic] as AudienceRule<MessageTopic>)(payload as EventPayloads[MessageTopic]);
}

export { isMessageTopic };
