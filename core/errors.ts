/**
 * Every failure a user can meet, with its stable code and HTTP status. The API, CLI, console and
 * Temporal (as ApplicationFailure `type`) all carry the same code, so a refusal reads the same everywhere.
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  INVALID_AMOUNT: 400,
  /** A bulk import with bad rows, in all-or-nothing mode: details.errors lists every row's problem (line, field, why). */
  IMPORT_INVALID: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ACCOUNT_NOT_FOUND: 404,
  ENTERPRISE_NOT_FOUND: 404,
  HOLD_NOT_FOUND: 404,
  APPLICATION_NOT_FOUND: 404,
  TOKEN_NOT_FOUND: 404,
  /** A webhook endpoint, or a delivery of one, that does not exist or is out of reach. */
  WEBHOOK_NOT_FOUND: 404,
  CONFLICT: 409,
  IDEMPOTENCY_KEY_REUSED: 409,
  HOLD_NOT_PENDING: 409,
  INVALID_STATE: 409,
  PAYLOAD_TOO_LARGE: 413,
  URI_TOO_LONG: 414,
  UNSUPPORTED_MEDIA_TYPE: 415,
  HEADERS_TOO_LARGE: 431,
  /** A webhook URL uam will not call: not https, or a private-network target in production (details.reason). */
  WEBHOOK_URL_NOT_ALLOWED: 422,
  ACCOUNT_CLOSED: 422,
  /** Closing an account that still holds or owes money: details.left lists each kind with its amount in yuan. */
  ACCOUNT_NOT_EMPTY: 422,
  SAME_ACCOUNT: 422,
  CROSS_ENTERPRISE: 422,
  INSUFFICIENT_FUNDS: 422,
  TRANSFER_EXCEEDS_MAXIMUM: 422,
  WITHDRAWAL_EXCEEDS_MAXIMUM: 422,
  CREDIT_EXCEEDS_AVAILABLE: 422,
  CREDIT_BELOW_ASSIGNED: 422,
  CREDIT_LIMIT_MEMBERS_ONLY: 422,
  CREDIT_DECREASE_EXCEEDS_LIMIT: 422,
  WOULD_STOP_ACCOUNT: 422,
  REPAYMENT_EXCEEDS_DEBT: 422,
  CREDIT_REFUND_EXCEEDS_USAGE: 422,
  COUPON_NOT_VALID: 422,
  APPROVAL_REJECTED: 422,
  APPROVAL_TIMED_OUT: 422,
  CANCELLED: 409,
  CONTRACT_NOT_CONFIRMED: 422,
  /** A funding policy's funding account among the members it keeps. */
  FUNDING_SELF: 422,
  /** Funding policies that would feed each other: details.accounts lists the loop. */
  FUNDING_LOOP: 422,
  /** Accounts another funding policy already keeps: details.accounts lists them. */
  FUNDING_MEMBER_TAKEN: 409,
  FUNDING_POLICY_NOT_FOUND: 404,
  DEPENDENCY_UNAVAILABLE: 503,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class UamError extends Error {
  override readonly name = 'UamError';
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = ERROR_CODES[code];
  }

  toJSON(): { code: ErrorCode; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, value);
}
