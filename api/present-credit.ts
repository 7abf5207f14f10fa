/** Credit applications and member-limit results as the API shows them: fen strings become yuan strings. */
import type { ApplicationRecord, ApplicationStatus, MemberLimitResult } from '../services/credit';
import { formatYuan } from '../domain/money';
import { nullable, yuan } from './schemas';

type FenParts = { publicCloud: string | bigint; hybridCloud: string | bigint };

function parts(p: FenParts) {
  const pub = BigInt(p.publicCloud);
  const hyb = BigInt(p.hybridCloud);
  return { publicCloud: formatYuan(pub), hybridCloud: formatYuan(hyb), total: formatYuan(pub + hyb) };
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentApplication(r: ApplicationRecord) {
  return {
    id: r.id,
    seq: r.seq.toString(),
    enterpriseId: r.enterpriseId,
    stage: r.stage,
    requested: parts({ publicCloud: r.requestedPublic, hybridCloud: r.requestedHybrid }),
    approved: r.approvedPublic === null || r.approvedHybrid === null ? null : parts({ publicCloud: r.approvedPublic, hybridCloud: r.approvedHybrid }),
    reason: r.reason,
    submittedBy: r.submittedBy,
    decidedBy: r.decidedBy,
    decisionReason: r.decisionReason,
    decidedAt: iso(r.decidedAt),
    reviewDeadline: r.reviewDeadline.toISOString(),
    contractDeadline: iso(r.contractDeadline),
    remindersSent: r.remindersSent,
    closedBy: r.closedBy,
    closeReason: r.closeReason,
    closedAt: iso(r.closedAt),
    createdAt: r.createdAt.toISOString(),
  };
}

export function presentStatus(s: ApplicationStatus) {
  return {
    ...s,
    requested: parts(s.requested),
    approved: s.approved ? parts(s.approved) : null,
    history: s.history,
  };
}

export function presentLimitResult(r: MemberLimitResult) {
  return {
    transactionId: r.transactionId,
    replayed: r.replayed,
    changes: r.changes.map((c) => ({ accountId: c.accountId, oldLimit: formatYuan(BigInt(c.oldLimit)), newLimit: formatYuan(BigInt(c.newLimit)) })),
  };
}

const partsSchema = { type: 'object', properties: { publicCloud: yuan, hybridCloud: yuan, total: yuan } } as const;
const text = { type: 'string' } as const;
const time = { type: 'string', format: 'date-time' } as const;

export const applicationSchema = {
  type: 'object',
  properties: {
    id: text, seq: text, enterpriseId: { type: 'integer' }, stage: text, requested: partsSchema,
    approved: { ...partsSchema, type: ['object', 'null'] }, reason: text, submittedBy: text, decidedBy: nullable(text),
    decisionReason: nullable(text), decidedAt: nullable(time), reviewDeadline: time, contractDeadline: nullable(time),
    remindersSent: { type: 'integer' }, closedBy: nullable(text), closeReason: nullable(text), closedAt: nullable(time), createdAt: time,
  },
} as const;

export const statusSchema = {
  type: 'object',
  properties: {
    applicationId: text, enterpriseId: { type: 'integer' }, stage: text, requested: partsSchema,
    approved: { ...partsSchema, type: ['object', 'null'] }, reason: text, submittedBy: text,
    deadlines: { type: 'object', properties: { review: nullable(time), contract: nullable(time), nextReminder: nullable(time) } },
    remindersSent: { type: 'integer' },
    history: {
      type: 'array',
      items: { type: 'object', properties: { at: time, event: text, actor: text, note: text, deadline: { ...time, description: 'contract_sent: confirm by then' } } },
    },
  },
} as const;

export const limitResultSchema = {
  type: 'object',
  properties: {
    transactionId: text,
    replayed: { type: 'boolean', description: 'true when the ledger had already carried out this request: nothing changed again' },
    changes: { type: 'array', items: { type: 'object', properties: { accountId: { type: 'integer' }, oldLimit: yuan, newLimit: yuan } } },
  },
} as const;
