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

export interface OutboxEvent<T extends EventTopic = EventTopic> {
  topic: T;
  /** Unique per event: a re-write or re-relay of the same key is a no-op (it is also the BullMQ job id). */
  dedupeKey: string;
  payload: EventPayloads[T];
}
