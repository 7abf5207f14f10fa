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

const FEN = /^-?\d{1,17}$/;

/** What is wrong with a request, in the ledger's error codes, or undefined when it is well formed. */
export function memberLimitProblem(req: MemberLimitChange | MemberLimitMove): { code: 'VALIDATION_FAILED' | 'INVALID_AMOUNT'; message: string } | undefined {
  if (!req.requestId || req.requestId.length > 150) return { code: 'VALIDATION_FAILED', message: 'requestId must be 1 to 150 characters' };
  if ('fromAccountId' in req) {
    return FEN.test(req.amount) && BigInt(req.amount) > 0n ? undefined : { code: 'INVALID_AMOUNT', message: 'amount must be a positive number of fen' };
  }
  if ((req.delta === undefined) === (req.newLimit === undefined)) {
    return { code: 'VALIDATION_FAILED', message: 'give either a new limit or a change (delta), not both' };
  }
  if (req.delta !== undefined && !(FEN.test(req.delta) && BigInt(req.delta) !== 0n)) {
    return { code: 'INVALID_AMOUNT', message: 'delta must be a non-zero number of fen' };
  }
  if (req.newLimit !== undefined && !(FEN.test(req.newLimit) && BigInt(req.newLimit) >= 0n)) {
    return { code: 'INVALID_AMOUNT', message: 'newLimit must be zero or more fen' };
  }
  return undefined;
}
