import { explainLimit, limitOf, type LimitSubject } from './limits';
import { formatYuan } from './money';

/**
 * What a refusal says, built from its code and its details — the figures the ledger refused with (fen as
 * text). One sentence per code, amounts in yuan; the ledger's SQL carries codes and figures, never prose for
 * users. A code without an entry keeps the message it was raised with.
 */
type Details = Record<string, unknown>;

const y = (fen: unknown): string => `${formatYuan(BigInt(fen as string))} yuan`;

/** Which operation a limit in the details belongs to. */
function subjectOf(d: Details): LimitSubject {
  if (d.kind === 'transfer' || d.kind === 'withdrawal') return { operation: d.kind, from: d.from as number, to: d.to as number };
  if (d.direction === undefined && typeof d.from === 'number') return { operation: 'credit_move', from: d.from, to: d.to as number };
  return { operation: d.direction === 'decrease' ? 'credit_decrease' : 'credit_increase', accountId: d.accountId as number };
}

const limitText = (d: Details): string => explainLimit(subjectOf(d), limitOf(d));

const MESSAGES: Partial<Record<string, (d: Details) => string>> = {
  TRANSFER_EXCEEDS_MAXIMUM: (d) => `cannot transfer ${y(d.amount)}: ${limitText(d)}`,
  WITHDRAWAL_EXCEEDS_MAXIMUM: (d) => `cannot withdraw ${y(d.amount)}: ${limitText(d)}`,
  CREDIT_EXCEEDS_AVAILABLE: (d) => `cannot raise the credit limit by ${y(d.amount)}: ${limitText(d)}`,
  CREDIT_DECREASE_EXCEEDS_LIMIT: (d) => `cannot lower the credit limit by ${y(d.amount)}: ${limitText(d)}`,
  WOULD_STOP_ACCOUNT: (d) =>
    `lowering the credit limit by ${y(d.amount)} would leave account ${d.accountId as number} with ${y(d.availableAfter)} available, ` +
    `so it would be stopped; confirm to proceed (${limitText(d)})`,
};

/** The message for a refusal with this code and these details, or undefined when the code has no entry. */
export function refusalMessage(code: string, details: Details): string | undefined {
  const build = MESSAGES[code];
  if (!build) return undefined;
  try {
    return build(details);
  } catch {
    return undefined; // details without the figures the sentence needs: keep the message it was raised with
  }
}
