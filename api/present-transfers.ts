/** Transfers, withdrawals and batches as the API shows them: fen strings become yuan strings. */
import { formatYuan } from '../domain/money';
import { MOVEMENT_STAGES, type BatchStatus, type MovementStatus } from '../domain/transfers';
import { nullable, yuan } from './schemas';

const yuanOf = (fen: string) => formatYuan(BigInt(fen));
const error = (e: { code: string; message: string } | null) => (e ? { code: e.code, message: e.message } : null);

export function presentMovement(s: MovementStatus) {
  return {
    ...s,
    amount: yuanOf(s.amount),
    approval: { ...s.approval, threshold: s.approval.threshold === null ? null : yuanOf(s.approval.threshold) },
    error: error(s.error),
  };
}

export function presentBatch(b: BatchStatus) {
  return { ...b, items: b.items.map((i) => ({ ...i, amount: yuanOf(i.amount), error: error(i.error) })) };
}

const text = { type: 'string' } as const;
const int = { type: 'integer' } as const;
const errorSchema = { type: ['object', 'null'], properties: { code: text, message: text } } as const;
const actorSchema = { type: ['object', 'null'], properties: { id: int, name: text, role: text, enterpriseId: nullable(int) } } as const;

export const movementSchema = {
  type: 'object',
  properties: {
    workflowId: text, kind: { type: 'string', enum: ['transfer', 'withdrawal'] }, requestId: text, enterpriseId: int,
    fromAccountId: int, toAccountId: int, amount: yuan,
    stage: { type: 'string', enum: [...MOVEMENT_STAGES], description: 'where the movement stands; completed and failed are final' },
    approval: {
      type: 'object',
      properties: {
        threshold: nullable(yuan), required: { type: 'boolean' }, deadline: nullable(text),
        outcome: nullable(text), decidedBy: actorSchema, reason: nullable(text),
      },
    },
    holdId: nullable(text), transactionId: nullable(text), error: errorSchema,
  },
} as const;

export const pendingApprovalSchema = {
  type: 'object',
  properties: { ...movementSchema.properties, startedBy: { ...actorSchema, description: 'who started it: the one admin who may not decide it' } },
} as const;

export const startedSchema = {
  type: 'object',
  properties: {
    workflowId: text, requestId: text,
    started: { type: 'boolean', description: 'false when this Idempotency-Key had already started it: nothing new ran' },
  },
} as const;

export const batchSchema = {
  type: 'object',
  properties: {
    batchId: text, enterpriseId: int, total: int, completed: int, failed: int,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: int, requestId: text, workflowId: text, fromAccountId: int, toAccountId: int, amount: yuan,
          status: { type: 'string', enum: ['pending', 'completed', 'failed'] }, error: errorSchema,
        },
      },
    },
  },
} as const;
