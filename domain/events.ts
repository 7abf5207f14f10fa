/**
 * Events that leave a database transaction through the outbox and reach the queues. The topic names and
 * payloads are the contract between the ledger/workflows (writers) and the alert and notification workers
 * (readers). Money in payloads is a fen string (JSON has no bigint).
 */
export interface EventPayloads {
  /**
   * Check these accounts' alerts. Ledger operations wrote one per posting until they decided crossings themselves
   * (uam_alert_transitions); one still relayed from before that is checked like a settings change.
   */
  'balance.changed': { accountIds: number[]; transactionId: string };
  'account.stopped': { accountId: number; enterpriseId: number; available: string; transactionId: string };
  'account.resumed': { accountId: number; enterpriseId: number; available: string; transactionId: string };
  'credit.enterprise_changed': CreditChanged;
  'credit.member_changed': CreditChanged;
  'credit.application_decided': {
    applicationId: string;
    enterpriseId: number;
    decision: 'approved' | 'rejected' | 'expired' | 'lapsed' | 'withdrawn' | 'failed';
    total?: string;
    reason?: string;
  };
  'credit.contract_pending': { applicationId: string; enterpriseId: number; deadline: string; reminder: number };
  'transfer.completed': TransferEvent;
  'transfer.failed': TransferEvent & { code: string; message: string };
  'alert.low_balance': AlertEvent;
  /** A fired low-balance alert re-armed: the account is back at or above its threshold (sent only when opted in). */
  'alert.recovered': AlertEvent;
  /** Fewer than `days` days of runway left at the last 7 days' consumption (`spend7d`, fen) — see domain/runway.ts. */
  'alert.runway': { accountId: number; enterpriseId: number; available: string; spend7d: string; days: number };
  /** A webhook endpoint failed for the whole retry window and was disabled: its enterprise is told. */
  'webhook.disabled': { enterpriseId: number; endpointId: string; url: string };
  /** A posting took a member below its funding policy's floor: start its top-up (once per crossing). */
  'funding.due': { policyId: number; accountId: number };
  /** A funding policy could not top a member up (once per episode, until it acts again). */
  'funding.blocked': {
    policyId: number; enterpriseId: number; accountId: number; fundingAccountId: number;
    reason: 'daily_cap_reached' | 'funding_short'; dailyCap: string; available: string;
  };
  /** Written when an account's alert threshold or flag changes: check these accounts' alerts now. */
  'alert.settings_changed': { accountIds: number[]; actor: string };
}

export interface CreditChanged {
  enterpriseId: number;
  accountId: number | null;
  oldLimit: string;
  newLimit: string;
  actor: string;
  reason: string;
  transactionId: string;
}

export interface AlertEvent {
  accountId: number;
  enterpriseId: number;
  available: string;
  threshold: string;
  stopped?: boolean;
}

export interface TransferEvent {
  requestId: string;
  kind: 'transfer' | 'withdrawal';
  enterpriseId: number;
  /** Whose funds move: A for a transfer A→B, B (the holder) for a withdrawal B→A. */
  fromAccountId: number;
  toAccountId: number;
  amount: string;
}

export type EventTopic = keyof EventPayloads;

/** Where a topic's events go: the alert check (balances to look at) or the notifier (messages to people). */
export type EventQueue = 'alert-check' | 'notifications';

/** A JSON Schema (draft 2020-12 subset) of a payload: what the SQL and TypeScript writers must produce. */
export type PayloadSchema = Readonly<Record<string, unknown>>;

const fen = { type: 'string', pattern: '^-?[0-9]+$' } as const;
const id = { type: 'integer', minimum: 1 } as const;
const text = { type: 'string' } as const;
const object = (properties: Record<string, unknown>, optional: string[] = []): PayloadSchema => ({
  type: 'object', properties, additionalProperties: false,
  required: Object.keys(properties).filter((key) => !optional.includes(key)),
});
const accountFigures = object({ accountId: id, enterpriseId: id, available: fen, transactionId: { type: 'string', pattern: '^[0-9]+$' } });
const creditChanged = object({
  enterpriseId: id, accountId: { anyOf: [id, { type: 'null' }] }, oldLimit: fen, newLimit: fen, actor: text, reason: text,
  transactionId: { type: 'string', pattern: '^[0-9]+$' },
});
const alertEvent = object({ accountId: id, enterpriseId: id, available: fen, threshold: fen, stopped: { type: 'boolean' } }, ['stopped']);
const movement = {
  requestId: text, kind: { enum: ['transfer', 'withdrawal'] }, enterpriseId: id, fromAccountId: id, toAccountId: id, amount: fen,
};

/**
 * Every topic, once: its queue and its payload's schema. Exhaustive (a new topic does not compile until it is
 * here), and the maps keyed by message topics (notifications/audience.ts, templates.ts) are exhaustive too, so
 * a message without an audience or a template does not compile either. test/events.test.ts checks what the
 * ledger's SQL writes against these schemas.
 */
export const TOPICS = {
  'balance.changed': { queue: 'alert-check', schema: object({ accountIds: { type: 'array', items: id, minItems: 1 }, transactionId: { type: 'string', pattern: '^[0-9]+$' } }) },
  'alert.settings_changed': { queue: 'alert-check', schema: object({ accountIds: { type: 'array', items: id }, actor: text }) },
  'account.stopped': { queue: 'notifications', schema: accountFigures },
  'account.resumed': { queue: 'notifications', schema: accountFigures },
  'credit.enterprise_changed': { queue: 'notifications', schema: creditChanged },
  'credit.member_changed': { queue: 'notifications', schema: creditChanged },
  'credit.application_decided': {
    queue: 'notifications',
    schema: object({
      applicationId: text, enterpriseId: id, decision: { enum: ['approved', 'rejected', 'expired', 'lapsed', 'withdrawn', 'failed'] },
      total: fen, reason: text,
    }, ['total', 'reason']),
  },
  'credit.contract_pending': { queue: 'notifications', schema: object({ applicationId: text, enterpriseId: id, deadline: text, reminder: { type: 'integer', minimum: 0 } }) },
  'transfer.completed': { queue: 'notifications', schema: object(movement) },
  'transfer.failed': { queue: 'notifications', schema: object({ ...movement, code: text, message: text }) },
  'alert.low_balance': { queue: 'notifications', schema: alertEvent },
  'alert.recovered': { queue: 'notifications', schema: alertEvent },
  'alert.runway': {
    queue: 'notifications',
    schema: object({ accountId: id, enterpriseId: id, available: fen, spend7d: fen, days: { type: 'integer', minimum: 1 } }),
  },
  'webhook.disabled': { queue: 'notifications', schema: object({ enterpriseId: id, endpointId: text, url: text }) },
  'funding.due': { queue: 'alert-check', schema: object({ policyId: id, accountId: id }) },
  'funding.blocked': {
    queue: 'notifications',
    schema: object({
      policyId: id, enterpriseId: id, accountId: id, fundingAccountId: id, reason: { enum: ['daily_cap_reached', 'funding_short'] },
      dailyCap: fen, available: fen,
    }),
  },
} as const satisfies { readonly [T in EventTopic]: { queue: EventQueue; schema: PayloadSchema } };

/** Topics whose events are messages to people: each needs an audience and a template. */
export type MessageTopic = { [T in EventTopic]: (typeof TOPICS)[T]['queue'] extends 'notifications' ? T : never }[EventTopic];

export const isEventTopic = (topic: string): topic is EventTopic => Object.hasOwn(TOPICS, topic);
export const isMessageTopic = (topic: string): topic is MessageTopic => isEventTopic(topic) && TOPICS[topic].queue === 'notifications';

export interface OutboxEvent<T extends EventTopic = EventTopic> {
  topic: T;
  /** Unique per event: a re-write or re-relay of the same key is a no-op (it is also the BullMQ job id). */
  dedupeKey: string;
  payload: EventPayloads[T];
}
