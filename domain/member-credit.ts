/**
 * Requests to change members' credit limits, as the per-enterprise workflow receives them. Amounts are fen
 * as decimal strings (Temporal payloads are JSON). The rules themselves (never above the enterprise's
 * available quota; a decrease that would stop the account needs `acceptStop`) are the ledger's.
 */
interface MemberLimitRequest {
  /** The client's id for this request: a retry with the same id changes nothing twice. */
  requestId: string;
  acceptStop?: boolean;
  /** Actor string of the MA account (domain/principal actorOf). */
  actor: string;
  reason: string;
}

/** Exactly one of `delta` (signed) or `newLimit` (the limit the account should end with). */
export interface MemberLimitChange extends MemberLimitRequest {
  accountId: number;
  delta?: string;
  newLimit?: string;
}

export interface MemberLimitMove extends MemberLimitRequest {
  fromAccountId: number;
  toAccountId: number;
  amount: string;
}

export interface LimitChange {
  accountId: number;
  oldLimit: string;
  newLimit: string;
}

export interface MemberLimitResult {
  transactionId: string;
  /** True when this request id had already been carried out: the first result, nothing moved again. */
  replayed: boolean;
  changes: LimitChange[];
}

/** The ledger idempotency key of a member-limit request; scoped by enterprise since request ids are the client's. */
export const memberCreditKey = (enterpriseId: number, requestId: string): string => `enterprise-credit-${enterpriseId}:${requestId}`;
