import { UamError, type ErrorCode } from '../core/errors';
import { explainLimit, limitOf, type LimitSubject } from './limits';
import { formatYuan } from './money';

/**
 * What a refusal says, built from its code and its details — the figures it was refused with (money as fen
 * text). One sentence per code, amounts in yuan. The ledger's SQL raises codes and figures only, never prose
 * for users, so every code it raises has an entry here; a code without one keeps the message it was raised with.
 */
type Details = Record<string, unknown>;

/** A figure the sentence needs; a refusal raised without it keeps its own message (see refusalMessage). */
function f(d: Details, key: string): string {
  const value = d[key];
  if (value === undefined || value === null) throw new Error(`no ${key}`);
  return Array.isArray(value) ? value.join(' and ') : String(value);
}

const y = (d: Details, key: string): string => `${formatYuan(BigInt(f(d, key)))} yuan`;

/** Which operation a limit in the details belongs to. */
function subjectOf(d: Details): LimitSubject {
  if (d.kind === 'transfer' || d.kind === 'withdrawal') return { operation: d.kind, from: d.from as number, to: d.to as number };
  if (d.direction === undefined && typeof d.from === 'number') return { operation: 'credit_move', from: d.from, to: d.to as number };
  return { operation: d.direction === 'decrease' ? 'credit_decrease' : 'credit_increase', accountId: d.accountId as number };
}

const limitText = (d: Details): string => explainLimit(subjectOf(d), limitOf(d));

/** The rule each field the ledger validates must meet. */
const FIELD_RULES: Record<string, string> = {
  idempotencyKey: 'must be 1 to 200 characters',
  validTo: 'a coupon must be valid until after it becomes valid',
  period: 'must be a billing month, YYYY-MM',
  kind: 'is not money received',
};

const MESSAGES: Partial<Record<ErrorCode, (d: Details) => string>> = {
  INVALID_AMOUNT: (d) => `${f(d, 'field')}: must be ${d.zeroAllowed ? 'zero or more' : 'more than zero'} and below 10^15 yuan`,
  VALIDATION_FAILED: (d) => `${f(d, 'field')}: ${FIELD_RULES[d.field as string] ?? 'is invalid'}`,
  IDEMPOTENCY_KEY_REUSED: (d) => `idempotency key ${f(d, 'idempotencyKey')} was already used for a different ${f(d, 'kind')} request`,
  ACCOUNT_NOT_FOUND: (d) => `account ${f(d, 'accountId')} not found`,
  ACCOUNT_CLOSED: (d) => `account ${f(d, 'accountId')} is closed`,
  ENTERPRISE_NOT_FOUND: (d) => `enterprise ${f(d, 'enterpriseId')} not found`,
  NOT_FOUND: (d) => `coupon ${f(d, 'couponId')} not found`,
  HOLD_NOT_FOUND: (d) => `hold ${f(d, 'holdId')} not found`,
  HOLD_NOT_PENDING: (d) => `hold ${f(d, 'holdId')} is already ${f(d, 'status')}`,
  SAME_ACCOUNT: () => 'source and destination must be different accounts',
  CROSS_ENTERPRISE: (d) => `accounts ${f(d, 'accountIds')} belong to different enterprises: both must belong to the same one`,
  TRANSFER_EXCEEDS_MAXIMUM: (d) => `cannot transfer ${y(d, 'amount')}: ${limitText(d)}`,
  WITHDRAWAL_EXCEEDS_MAXIMUM: (d) => `cannot withdraw ${y(d, 'amount')}: ${limitText(d)}`,
  INSUFFICIENT_FUNDS: (d) =>
    `account ${f(d, 'accountId')} has ${y(d, 'available')} available, below zero, so the held funds cannot be released to it`,
  REPAYMENT_EXCEEDS_DEBT: (d) => `cannot repay ${y(d, 'amount')}: account ${f(d, 'accountId')} owes ${y(d, 'maximum')}`,
  CREDIT_REFUND_EXCEEDS_USAGE: (d) =>
    `cannot refund ${y(d, 'amount')} of credit-paid usage: account ${f(d, 'accountId')} has ${y(d, 'maximum')} of it not yet refunded`,
  CREDIT_EXCEEDS_AVAILABLE: (d) => `cannot raise the credit limit by ${y(d, 'amount')}: ${limitText(d)}`,
  CREDIT_DECREASE_EXCEEDS_LIMIT: (d) => `cannot lower the credit limit by ${y(d, 'amount')}: ${limitText(d)}`,
  WOULD_STOP_ACCOUNT: (d) =>
    `lowering the credit limit by ${y(d, 'amount')} would leave account ${f(d, 'accountId')} with ${y(d, 'availableAfter')} available, ` +
    `so it would be stopped; confirm to proceed (${limitText(d)})`,
  CREDIT_BELOW_ASSIGNED: (d) => `the total credit limit cannot be ${y(d, 'total')}: ${y(d, 'assigned')} is already assigned to members`,
  CREDIT_LIMIT_MEMBERS_ONLY: (d) =>
    `account ${f(d, 'accountId')} is the enterprise's MA account: credit limits are assigned to member accounts`,
  INVALID_STATE: (d) => {
    if (d.kind === 'ma') return `account ${f(d, 'accountId')} is the enterprise's MA account, which cannot be closed`;
    if (d.creditLimit !== undefined) return `account ${f(d, 'accountId')} already has a credit limit of ${y(d, 'creditLimit')}`;
    return `the total credit limit is already ${y(d, 'total')}`;
  },
  ACCOUNT_NOT_EMPTY: (d) => {
    const left = (d.left as Array<{ kind: string; amount: string }>).map((l) => `${l.kind.replace(/_/g, ' ')} ${y(l, 'amount')}`);
    return `account ${f(d, 'accountId')} cannot be closed while it holds money: ${left.join(', ')}`;
  },
};

/** The message for a refusal with this code and these details, or undefined when the code has no entry. */
export function refusalMessage(code: string, details: Details): string | undefined {
  const build = MESSAGES[code as ErrorCode];
  if (!build) return undefined;
  try {
    return build(details);
  } catch {
    return undefined; // details without the figures the sentence needs: keep the message it was raised with
  }
}

/** A refusal raised in TypeScript with the same words the ledger's would get. */
export function refusal(code: ErrorCode, details: Details): UamError {
  return new UamError(code, refusalMessage(code, details) ?? code.toLowerCase().replace(/_/g, ' '), details);
}
