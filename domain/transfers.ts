import type { OutboxEvent, TransferEvent } from './events';
import type { Principal } from './principal';

/**
 * Transfers A→B and withdrawals B→A as durable multi-step processes: their stages, what a caller sees and the
 * rules about who may start and approve them. Pure: shared by the workflows, activities and services.
 */
export type MovementKind = TransferEvent['kind'];

export const MOVEMENT_STAGES = [
  'validating', 'holding', 'awaiting_approval', 'posting', 'completed', 'compensating', 'failed',
] as const;
export type MovementStage = (typeof MOVEMENT_STAGES)[number];

export const isFinalStage = (stage: MovementStage): boolean => stage === 'completed' || stage === 'failed';

/** How long a transfer above the enterprise's dual-control threshold waits for a second admin. */
export const DEFAULT_APPROVAL_TIMEOUT_MS = 24 * 60 * 60 * 1000;

/** Who acted, as the workflow keeps it (a Principal without anything secret). */
export type Actor = Pick<Principal, 'id' | 'name' | 'role' | 'enterpriseId'>;

/**
 * What is moved, as the "done"/"failed" messages carry it: `requestId` is the client's (the workflow id and
 * every ledger key derive from it), `fromAccountId` whose funds move, `amount` fen as a decimal string.
 */
export type MovementRequest = TransferEvent;

export interface MovementInput extends MovementRequest {
  startedBy: Actor;
  approvalTimeoutMs?: number;
}

export interface ApprovalDecision {
  approver: Actor;
  approve: boolean;
  reason?: string;
}

export interface ApprovalStatus {
  /** The enterprise's threshold (fen) when the transfer was checked; null when it has none. */
  threshold: string | null;
  required: boolean;
  /** ISO time the wait runs out, while awaiting approval. */
  deadline: string | null;
  outcome: 'approved' | 'rejected' | 'timed_out' | null;
  decidedBy: Actor | null;
  reason: string | null;
}

/** What the stage query, the approval update and the workflow's result return. */
export interface MovementStatus extends MovementRequest {
  workflowId: string;
  stage: MovementStage;
  approval: ApprovalStatus;
  holdId: string | null;
  /** The ledger transaction that posted the funds. */
  transactionId: string | null;
  error: MovementFailure | null;
}

export interface MovementFailure {
  code: string;
  message: string;
}

/**
 * Workflow ids are business ids scoped to the enterprise: a request id names a movement only within its
 * enterprise, so one tenant can neither see nor claim another's (`transfer-e42-<requestId>`). The enterprise
 * id has no '-', so the id is unambiguous, and `transfer-batch-…` never equals a movement's `transfer-e…`.
 */
export const movementWorkflowId = (kind: MovementKind, enterpriseId: number, requestId: string): string => `${kind}-e${enterpriseId}-${requestId}`;
export const batchWorkflowId = (enterpriseId: number, batchId: string): string => `transfer-batch-e${enterpriseId}-${batchId}`;

/** Before request ids were scoped (kept only so a batch started then replays the same child ids). */
export const unscopedMovementWorkflowId = (kind: MovementKind, requestId: string): string => `${kind}-${requestId}`;

/**
 * What a movement asks for, as its workflow's memo keeps it: a second start under the same request id is the
 * same request only if this matches (otherwise IDEMPOTENCY_KEY_REUSED).
 */
export const movementRequest = (m: Pick<MovementInput, 'kind' | 'enterpriseId' | 'fromAccountId' | 'toAccountId' | 'amount'>): string =>
  `${m.kind}:${m.enterpriseId}:${m.fromAccountId}:${m.toAccountId}:${m.amount}`;

export const batchRequest = (enterpriseId: number, items: BatchItem[]): string =>
  `batch:${enterpriseId}:${items.map((i) => `${i.fromAccountId}>${i.toAccountId}:${i.amount}`).join(',')}`;

/** The memo of a movement's or batch's workflow: its request (for idempotency) and enterprise (for scope). */
export interface MovementMemo {
  request: string;
  enterpriseId: number;
  /** Who started it (so the approvals list can tell a second admin from the starter); absent on older runs. */
  startedBy?: Actor;
}

/** Request ids become workflow ids and ledger keys (≤ 200 characters with their suffixes). */
export const REQUEST_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** Ledger idempotency key of one money step: the business id and the step name. */
export const stepKey = (workflowId: string, step: 'hold' | 'post' | 'void'): string => `${workflowId}:${step}`;

/** The "done" message of a movement, or with its failure the "failed" one; one per workflow (dedupe key). */
export function movementEvent(workflowId: string, input: MovementInput, failure?: MovementFailure): OutboxEvent<'transfer.completed' | 'transfer.failed'> {
  const payload = {
    requestId: input.requestId, kind: input.kind, enterpriseId: input.enterpriseId,
    fromAccountId: input.fromAccountId, toAccountId: input.toAccountId, amount: input.amount,
  };
  return failure
    ? { topic: 'transfer.failed', dedupeKey: `${workflowId}:failed`, payload: { ...payload, code: failure.code, message: failure.message } }
    : { topic: 'transfer.completed', dedupeKey: `${workflowId}:completed`, payload };
}

/** At or above the enterprise's threshold a second admin must approve; no threshold, no approval. */
export function requiresApproval(amount: bigint, threshold: bigint | null): boolean {
  return threshold !== null && amount >= threshold;
}

/** Why `approver` may not decide this movement, or null when it may: a different admin of the same enterprise. */
export function approvalRefusal(approver: Actor, input: Pick<MovementInput, 'enterpriseId' | 'startedBy'>): string | null {
  if (approver.role !== 'enterprise_admin') return 'only an enterprise admin may approve a transfer';
  if (approver.enterpriseId !== input.enterpriseId) return 'the approver must be an admin of the same enterprise';
  if (approver.id === input.startedBy.id) return 'a second admin must approve: the admin who started it may not';
  return null;
}

/** One item of a batch of transfers. */
export interface BatchItem {
  fromAccountId: number;
  toAccountId: number;
  amount: string;
}

export interface BatchTransferInput {
  batchId: string;
  enterpriseId: number;
  startedBy: Actor;
  items: BatchItem[];
  approvalTimeoutMs?: number;
}

export interface BatchItemResult extends BatchItem {
  index: number;
  requestId: string;
  workflowId: string;
  status: 'pending' | 'completed' | 'failed';
  error: MovementFailure | null;
}

export interface BatchStatus {
  batchId: string;
  enterpriseId: number;
  total: number;
  completed: number;
  failed: number;
  items: BatchItemResult[];
}

/** Item n (from 1) of a batch runs as the transfer with request id `<batchId>.<n>`. */
export const batchItemRequestId = (batchId: string, index: number): string => `${batchId}.${index + 1}`;

export const MAX_BATCH_ITEMS = 200;
