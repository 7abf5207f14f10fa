import type { EventPayloads, EventTopic } from '../domain/events';

/** Who an event concerns: its enterprise (whose MA account always hears) and the accounts it is about. */
export interface Audience {
  enterpriseId: number;
  /** Accounts whose own contacts hear too; empty for enterprise-level events (the MA account only). */
  accountIds: number[];
}

type AudienceRule<T extends EventTopic> = (payload: EventPayloads[T]) => Audience | null;

const ofAccount = (p: { enterpriseId: number; accountId: number }): Audience => ({ enterpriseId: p.enterpriseId, accountIds: [p.accountId] });
const ofEnterprise = (p: { enterpriseId: number }): Audience => ({ enterpriseId: p.enterpriseId, accountIds: [] });

/**
 * Which events are messages to people, and to whom. Events missing here (balance changes, alert-setting
 * changes) are work for the alert check, not messages.
 */
const RULES: { [T in EventTopic]?: AudienceRule<T> } = {
  'alert.low_balance': ofAccount,
  'account.stopped': ofAccount,
  'account.resumed': ofAccount,
  'credit.member_changed': (p) => (p.accountId === null ? ofEnterprise(p) : ofAccount({ enterpriseId: p.enterpriseId, accountId: p.accountId })),
  'credit.enterprise_changed': ofEnterprise,
  'credit.application_decided': ofEnterprise,
  'credit.contract_pending': ofEnterprise,
  'transfer.completed': (p) => ({ enterpriseId: p.enterpriseId, accountIds: [p.fromAccountId, p.toAccountId] }),
  'transfer.failed': (p) => ({ enterpriseId: p.enterpriseId, accountIds: [p.fromAccountId, p.toAccountId] }),
};

export function audienceOf<T extends EventTopic>(topic: T, payload: EventPayloads[T]): Audience | null {
  const rule = RULES[topic] as AudienceRule<T> | undefined;
  return rule ? rule(payload) : null;
}

export const isMessageTopic = (topic: string): topic is EventTopic => topic in RULES;
