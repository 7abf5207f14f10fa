import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { recordChanges } from '../../db/directory/changes';
import { readContacts, replaceContacts } from '../../db/directory/contacts';
import { dualControlThreshold, setDualControlThreshold } from '../../db/transfers/dual-control';
import { transaction } from '../../db/transaction';
import { parseContacts, type Contact } from '../../domain/contacts';
import { parseYuan } from '../../domain/money';
import { actorOf, type Principal } from '../../domain/principal';
import { reachEnterprise } from './scope';

export interface EnterpriseSettings {
  enterpriseId: number;
  /** Fen: transfers and withdrawals of this amount or more wait for a second admin's approval; null: none do. */
  approvalThreshold: bigint | null;
  /** Who hears enterprise-wide messages (credit changes, applications, contract reminders). */
  financeContacts: Contact[];
}

async function readSettings(db: Knex | Knex.Transaction, enterpriseId: number): Promise<EnterpriseSettings> {
  return {
    enterpriseId,
    approvalThreshold: await dualControlThreshold(db, enterpriseId),
    financeContacts: await readContacts(db, { enterpriseId, accountId: null }),
  };
}

/** The enterprise's settings (platform staff, and the enterprise admin for its own). */
export async function enterpriseSettings(db: Knex, principal: Principal, enterpriseId: number): Promise<EnterpriseSettings> {
  await reachEnterprise(db, principal, 'enterprises.read', enterpriseId);
  return readSettings(db, enterpriseId);
}

export interface SettingsInput {
  /** Yuan ("50000.00"), or null to turn second-admin approval off. Absent: unchanged. */
  approvalThreshold?: unknown;
  /** The whole new list. Absent: unchanged. */
  financeContacts?: unknown;
}

/**
 * Changes the enterprise's settings (its enterprise admin), together or not at all. A new threshold applies to
 * movements checked from now on; those already past their check keep the one they read.
 */
export async function updateEnterpriseSettings(db: Knex, principal: Principal, enterpriseId: number, input: SettingsInput): Promise<EnterpriseSettings> {
  await reachEnterprise(db, principal, 'settings.write', enterpriseId);
  if (input.approvalThreshold === undefined && input.financeContacts === undefined) {
    throw new UamError('VALIDATION_FAILED', 'body: give approvalThreshold and/or financeContacts', { field: 'body' });
  }
  const threshold = input.approvalThreshold === undefined || input.approvalThreshold === null
    ? input.approvalThreshold : parseYuan(input.approvalThreshold, { field: 'approvalThreshold' });
  const finance = input.financeContacts === undefined ? undefined : parseContacts(input.financeContacts, 'financeContacts');
  await transaction(db, async (trx) => {
    const before = await readSettings(trx, enterpriseId);
    if (threshold !== undefined) await setDualControlThreshold(trx, enterpriseId, threshold);
    if (finance !== undefined) await replaceContacts(trx, { enterpriseId, accountId: null }, finance);
    await recordChanges(trx, [{
      enterpriseId, action: 'settings.changed', actor: actorOf(principal),
      details: {
        ...(threshold !== undefined && { approvalThreshold: { before: before.approvalThreshold?.toString() ?? null, after: threshold?.toString() ?? null } }),
        ...(finance !== undefined && { financeContacts: { before: before.financeContacts, after: finance } }),
      },
    }]);
  });
  return readSettings(db, enterpriseId);
}
