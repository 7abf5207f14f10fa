import type { Client } from '@temporalio/client';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { getApplication, type ApplicationRecord } from '../db/credit/applications';
import { MAX_FEN, parseYuan } from '../domain/money';
import { requireEnterpriseReach } from './scope';
import type { Principal } from '../domain/principal';

/** What the credit services need: the database (read model, accounts) and a Temporal client. */
export interface CreditDeps {
  db: Db;
  temporal: Client;
  /** The task queue the uam worker polls (config.temporal.taskQueue). */
  taskQueue: string;
}


export const applicationNotFound = (applicationId: string) =>
  new UamError('APPLICATION_NOT_FOUND', `credit application ${applicationId} not found`, { applicationId });

/** The application if the principal's scope reaches its enterprise; otherwise it does not exist for them. */
export async function visibleApplication(db: Db, principal: Principal, applicationId: string): Promise<ApplicationRecord> {
  const record = typeof applicationId === 'string' && applicationId.length <= 100 ? await getApplication(db, applicationId) : undefined;
  if (!record) throw applicationNotFound(applicationId);
  requireEnterpriseReach(principal, record.enterpriseId, () => applicationNotFound(applicationId));
  return record;
}

/** A free-text field (reasons): trimmed, 1–2000 characters. */
export function requireText(value: unknown, field: string): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text.length < 1 || text.length > 2000) {
    throw new UamError('VALIDATION_FAILED', `${field}: must be 1 to 2000 characters`, { field });
  }
  return text;
}

/** A total credit limit from its two yuan parts: either part may be 0, the total may not. */
export function parseCreditParts(publicCloud: unknown, hybridCloud: unknown): { publicCloud: bigint; hybridCloud: bigint } {
  const parts = {
    publicCloud: parseYuan(publicCloud, { allowZero: true, field: 'publicCloud' }),
    hybridCloud: parseYuan(hybridCloud, { allowZero: true, field: 'hybridCloud' }),
  };
  const total = parts.publicCloud + parts.hybridCloud;
  if (total === 0n || total >= MAX_FEN) {
    throw new UamError('INVALID_AMOUNT', 'the total credit limit must be greater than zero and below 10^15 yuan', { field: 'total' });
  }
  return parts;
}
