import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import type { ApplicationStage } from '../../domain/credit-application';
import { asUamError } from '../../core/failures';

type Conn = Knex | Knex.Transaction;

/** A credit application as listed (the read model; the workflow knows the live detail). Amounts in fen. */
export interface ApplicationRecord {
  id: string;
  seq: bigint;
  enterpriseId: number;
  stage: ApplicationStage;
  requestedPublic: bigint;
  requestedHybrid: bigint;
  approvedPublic: bigint | null;
  approvedHybrid: bigint | null;
  reason: string;
  submittedBy: string;
  decidedBy: string | null;
  decisionReason: string | null;
  decidedAt: Date | null;
  reviewDeadline: Date;
  contractDeadline: Date | null;
  remindersSent: number;
  closedBy: string | null;
  closeReason: string | null;
  closedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Columns are the record's fields in snake_case; pg already gives bigint for int8 and null for NULL. */
const toRecord = (row: Record<string, unknown>): ApplicationRecord =>
  Object.fromEntries(Object.entries(row).map(([column, value]) => [column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value])) as unknown as ApplicationRecord;

export interface NewApplication {
  id: string;
  enterpriseId: number;
  requestedPublic: bigint;
  requestedHybrid: bigint;
  reason: string;
  submittedBy: string;
  reviewDeadline: Date;
}

/** Records a submitted application; a second open one for the enterprise is a CONFLICT. */
export async function insertApplication(db: Conn, a: NewApplication): Promise<ApplicationRecord> {
  try {
    const [row] = await db('credit_applications')
      .insert({
        id: a.id, enterprise_id: a.enterpriseId, requested_public: a.requestedPublic, requested_hybrid: a.requestedHybrid,
        reason: a.reason, stage: 'awaiting_review', submitted_by: a.submittedBy, review_deadline: a.reviewDeadline,
      })
      .returning('*');
    return toRecord(row);
  } catch (err) {
    const mapped = asUamError(err) ?? err;
    if (mapped instanceof UamError && mapped.details.constraint === 'credit_applications_one_open') {
      throw new UamError('CONFLICT', `enterprise ${a.enterpriseId} already has an open credit application`, { enterpriseId: a.enterpriseId });
    }
    throw mapped;
  }
}

/** Only if nothing else happened to it: undoes an insert whose workflow could not be started. */
export async function deleteUnstartedApplication(db: Conn, id: string): Promise<void> {
  await db('credit_applications').where({ id, stage: 'awaiting_review' }).whereNull('decided_at').delete();
}

export async function getApplication(db: Conn, id: string): Promise<ApplicationRecord | undefined> {
  const row = await db('credit_applications').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** Newest first; `before` is the `seq` of the last row of the previous page. */
export async function listApplications(
  db: Conn,
  q: { limit: number; before?: bigint; enterpriseId?: number; stage?: ApplicationStage },
): Promise<ApplicationRecord[]> {
  const query = db('credit_applications');
  if (q.enterpriseId !== undefined) query.where({ enterprise_id: q.enterpriseId });
  if (q.stage !== undefined) query.where({ stage: q.stage });
  if (q.before !== undefined) query.where('seq', '<', q.before.toString());
  const rows = await query.orderBy('seq', 'desc').limit(q.limit);
  return rows.map(toRecord);
}

/** Columns the workflow sets as the application moves on (snake_case, as stored). */
export interface ApplicationPatch {
  stage?: ApplicationStage;
  approved_public?: bigint;
  approved_hybrid?: bigint;
  decided_by?: string;
  decision_reason?: string;
  decided_at?: Date;
  contract_deadline?: Date;
  reminders_sent?: number;
  closed_by?: string;
  close_reason?: string;
  closed_at?: Date;
}

/** Writes the same values on every retry (times come from the workflow), so it is safe to repeat. */
export async function updateApplication(db: Conn, id: string, patch: ApplicationPatch): Promise<void> {
  const count = await db('credit_applications').where({ id }).update({ ...patch, updated_at: db.fn.now() });
  if (count === 0) throw new UamError('APPLICATION_NOT_FOUND', `credit application ${id} not found`, { applicationId: id });
}
