import type { Knex } from 'knex';

/**
 * What a source sent to an account and took back now live on that account's transfer book for the source
 * (ledger_accounts `transferred` and `withdrawn`), not in a table of their own: a transfer already writes
 * that book, so the totals change in the same row update instead of a second row's insert or update, with
 * its indexes and foreign-key checks (about a tenth of a transfer's cost, bench:ledger). The rule is kept
 * by the database as before: a source never takes back more than it sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE ledger_accounts
      ADD COLUMN transferred bigint NOT NULL DEFAULT 0,
      ADD COLUMN withdrawn bigint NOT NULL DEFAULT 0,
      ADD CONSTRAINT ledger_account_transfer_totals
        CHECK (withdrawn >= 0 AND withdrawn <= transferred AND (kind = 'transfer_book' OR transferred = 0));
    UPDATE ledger_accounts la SET transferred = tp.transferred, withdrawn = tp.withdrawn
    FROM transfer_pairs tp
    WHERE la.kind = 'transfer_book' AND la.account_id = tp.dest_account_id AND la.source_account_id = tp.source_account_id;
    DROP TABLE transfer_pairs;
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE transfer_pairs (
      source_account_id integer NOT NULL REFERENCES accounts(id),
      dest_account_id integer NOT NULL REFERENCES accounts(id),
      transferred bigint NOT NULL DEFAULT 0 CHECK (transferred >= 0),
      withdrawn bigint NOT NULL DEFAULT 0 CHECK (withdrawn >= 0),
      PRIMARY KEY (source_account_id, dest_account_id),
      CONSTRAINT transfer_pair_withdrawn_within_transferred CHECK (withdrawn <= transferred),
      CHECK (source_account_id <> dest_account_id)
    );
    CREATE INDEX transfer_pairs_dest ON transfer_pairs (dest_account_id);
    INSERT INTO transfer_pairs (source_account_id, dest_account_id, transferred, withdrawn)
    SELECT source_account_id, account_id, transferred, withdrawn FROM ledger_accounts
    WHERE kind = 'transfer_book' AND transferred > 0;
    ALTER TABLE ledger_accounts DROP COLUMN transferred, DROP COLUMN withdrawn;
  `);
}
