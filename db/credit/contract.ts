import type { Knex } from 'knex';
import { UamError } from '../../core/errors';

type Conn = Knex | Knex.Transaction;

/** The enterprise's credit contract, confirmed once by its MA account and never asked again. */
export interface ContractConfirmation {
  at: Date;
  by: string;
}

export async function contractConfirmation(db: Conn, enterpriseId: number): Promise<ContractConfirmation | null> {
  const row = await db('enterprises').where({ id: enterpriseId }).first('contract_confirmed_at', 'contract_confirmed_by');
  if (!row) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} does not exist`, { enterpriseId });
  return row.contract_confirmed_at ? { at: row.contract_confirmed_at, by: row.contract_confirmed_by ?? '' } : null;
}

/** Records the confirmation; when one exists already it stays (the first confirmation is the contract's). */
export async function confirmContract(db: Conn, p: { enterpriseId: number; actor: string; at: Date }): Promise<ContractConfirmation> {
  await db('enterprises')
    .where({ id: p.enterpriseId })
    .whereNull('contract_confirmed_at')
    .update({ contract_confirmed_at: p.at, contract_confirmed_by: p.actor });
  const confirmation = await contractConfirmation(db, p.enterpriseId);
  if (!confirmation) throw new UamError('INTERNAL', `contract of enterprise ${p.enterpriseId} was not recorded`);
  return confirmation;
}
