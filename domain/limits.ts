import { formatYuan } from './money';

/**
 * What a guarded operation allows and why, as the ledger computes it (db/sql/ledger-limits.sql): each term is
 * a bound with its figure, the maximum is the smallest bound and `limitedBy` the term that sets it. Previews
 * show a limit before the user commits; refusals carry the same limit as their details. This module only
 * reads limits and puts them into words; it never computes one.
 */
export const TERMS = [
  'own_cash', 'available', 'transfer_book', 'transfer_book_from_source', 'unwithdrawn', 'credit_limit',
  'enterprise_available', 'would_stop', 'unrefunded_credit_use',
] as const;
export type TermCode = (typeof TERMS)[number];

export interface Term {
  term: TermCode;
  amount: bigint;
  /** False for a figure shown only to explain another (a transfer's transfer book, which is never sent on). */
  limits: boolean;
}

export interface Limit {
  maximum: bigint;
  limitedBy: TermCode;
  terms: Term[];
  /** The amount asked about, and whether it is within the maximum. */
  amount?: bigint;
  allowed?: boolean;
}

/** The operation a limit belongs to and the accounts it is about. */
export type LimitSubject =
  | { operation: 'transfer' | 'withdrawal' | 'credit_move'; from: number; to: number }
  | { operation: 'credit_increase' | 'credit_decrease'; accountId: number };

const y = (fen: bigint): string => `${formatYuan(fen)} yuan`;
const figure = (limit: Limit, term: TermCode): bigint => limit.terms.find((t) => t.term === term)?.amount ?? 0n;

/** Why the maximum is what it is, from the term that sets it. */
function reason(subject: LimitSubject, limit: Limit): string {
  const who = 'from' in subject ? subject.from : subject.accountId;
  switch (limit.limitedBy) {
    case 'own_cash': {
      const book = figure(limit, 'transfer_book');
      return `its own cash${book > 0n ? `; the ${y(book)} in its transfer book cannot be sent on` : ''}`;
    }
    case 'available': return `account ${who}'s available quota`;
    case 'unwithdrawn': return 'what it transferred there and has not taken back';
    case 'transfer_book_from_source': return 'what is left unconsumed of the funds it transferred';
    case 'credit_limit': return `account ${who}'s whole credit limit`;
    case 'would_stop': return `any more would leave account ${who} with no available quota, and it would be stopped`;
    case 'enterprise_available': return "the enterprise's credit not yet assigned to members";
    default: return limit.limitedBy;
  }
}

/**
 * The limit as one English sentence with its figures, e.g. "account 5 can transfer at most 50.00 yuan to
 * account 6 (its own cash; the 70.00 yuan in its transfer book cannot be sent on)".
 */
export function explainLimit(subject: LimitSubject, limit: Limit): string {
  const max = y(limit.maximum);
  const why = `(${reason(subject, limit)})`;
  switch (subject.operation) {
    case 'transfer':
      return `account ${subject.from} can transfer at most ${max} to account ${subject.to} ${why}`;
    case 'withdrawal':
      if (limit.maximum === 0n && figure(limit, 'transfer_book_from_source') === 0n) {
        return `account ${subject.from} holds nothing that account ${subject.to} transferred`;
      }
      return `account ${subject.to} can take back at most ${max} from account ${subject.from} ${why}`;
    case 'credit_move':
      return `at most ${max} of credit limit can move from account ${subject.from} to account ${subject.to} ${why}`;
    case 'credit_increase':
      return `account ${subject.accountId}'s credit limit can be raised by at most ${max} ${why}`;
    case 'credit_decrease':
      return `account ${subject.accountId}'s credit limit can be lowered by at most ${max} ${why}`;
  }
}

/** A limit as the ledger returns it (fen as text), typed. */
export function limitOf(raw: Record<string, unknown>): Limit {
  const terms = (raw.terms as Array<{ term: TermCode; amount: string; limits: boolean }>).map((t) => ({ term: t.term, amount: BigInt(t.amount), limits: t.limits }));
  return {
    maximum: BigInt(raw.maximum as string),
    limitedBy: raw.limitedBy as TermCode,
    terms,
    ...(raw.amount !== undefined && raw.amount !== null && { amount: BigInt(raw.amount as string) }),
    ...(typeof raw.allowed === 'boolean' && { allowed: raw.allowed }),
  };
}
