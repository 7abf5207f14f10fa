import type { CreditChangePreview, CreditMovePreview } from '../services/previews';
import type { Limit } from '../domain/limits';
import { TERMS } from '../domain/limits';
import { formatYuan } from '../domain/money';
import type { Explained, MovementVerdict } from '../services/previews';
import { nullable, yuan } from './schemas';

/** What the previews answer (contract 1 in the coordination plan): the ledger's limit in yuan, explained. */
const term = { type: 'string', enum: TERMS } as const;

const limitProperties = {
  maximum: { ...yuan, description: 'the most allowed now' },
  limitedBy: { ...term, description: 'the term that sets the maximum' },
  terms: {
    type: 'array',
    description: 'every figure the maximum comes from; `limits: false` marks one shown only to explain another',
    items: { type: 'object', properties: { term, amount: yuan, limits: { type: 'boolean' } } },
  },
  message: { type: 'string', description: 'the maximum and why, in English, with the figures' },
  amount: { ...yuan, description: 'the amount asked about, when given' },
  allowed: { type: 'boolean', description: 'whether that amount is within the maximum (when an amount is given)' },
} as const;

export const movementPreviewSchema = {
  type: 'object',
  properties: {
    from: { type: 'integer' }, to: { type: 'integer' }, ...limitProperties,
    approval: {
      type: 'object',
      properties: { threshold: nullable(yuan), required: { type: 'boolean', description: 'for the amount asked about' } },
    },
  },
} as const;

export const creditChangePreviewSchema = {
  type: 'object',
  properties: {
    accountId: { type: 'integer' }, currentLimit: yuan, newLimit: yuan,
    direction: { type: 'string', enum: ['increase', 'decrease'] }, ...limitProperties,
  },
} as const;

export const creditMovePreviewSchema = {
  type: 'object',
  properties: { from: { type: 'integer' }, to: { type: 'integer' }, ...limitProperties },
} as const;

/** A limit in yuan: maximum, limitedBy, terms, and the amount asked about with its verdict. */
export const presentLimit = (l: Limit) => ({
  maximum: formatYuan(l.maximum),
  limitedBy: l.limitedBy,
  terms: l.terms.map((t) => ({ term: t.term, amount: formatYuan(t.amount), limits: t.limits })),
  ...(l.amount !== undefined && { amount: formatYuan(l.amount), allowed: l.allowed }),
});

export const presentMovementPreview = ({ preview: p, message, approvalRequired }: MovementVerdict) => ({
  from: p.from, to: p.to, ...presentLimit(p), message,
  approval: { threshold: p.approvalThreshold === null ? null : formatYuan(p.approvalThreshold), required: approvalRequired },
});

export const presentCreditChangePreview = ({ preview: p, message }: Explained<CreditChangePreview>) => ({
  accountId: p.accountId, currentLimit: formatYuan(p.currentLimit), newLimit: formatYuan(p.newLimit), direction: p.direction,
  ...presentLimit(p), message,
});

export const presentCreditMovePreview = ({ preview: p, message }: Explained<CreditMovePreview>) => ({
  from: p.from, to: p.to, ...presentLimit(p), message,
});
