import type { Knex } from 'knex';

/**
 * Indexes behind the foreign keys that point at accounts and had none, so removing or re-keying an account
 * (bench clean-up, data fixes) checks its references by index instead of scanning each table.
 */
const INDEXES = [
  'CREATE INDEX ledger_accounts_source ON ledger_accounts (source_account_id) WHERE source_account_id IS NOT NULL',
  'CREATE INDEX holds_to_account ON holds (to_account_id)',
  'CREATE INDEX transfer_pairs_dest ON transfer_pairs (dest_account_id)',
  'CREATE INDEX principals_account ON principals (account_id) WHERE account_id IS NOT NULL',
];

export async function up(knex: Knex): Promise<void> {
  for (const sql of INDEXES) await knex.raw(sql);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX ledger_accounts_source, holds_to_account, transfer_pairs_dest, principals_account');
}
