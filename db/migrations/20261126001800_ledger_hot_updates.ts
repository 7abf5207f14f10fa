import type { Knex } from 'knex';

/**
 * Lets every balance update of a posting be a HOT update (heap only, no index writes), and takes the
 * enterprise row out of the posting path.
 *
 * - An update is HOT only if it changes no indexed column, predicates of partial indexes included. Three
 *   indexes named the balances: accounts_enterprise_available and accounts_alert_due (`available`), and
 *   ledger_accounts_transfer_books (`balance > 0`), so each posting wrote some ten index entries for
 *   its four balance updates. Sorting an enterprise's accounts by available quota now sorts that
 *   enterprise's rows (as sorting by cash balance always did); the alert scan reads the alert-enabled
 *   accounts of a page and filters them. Free space on each page (fillfactor) leaves room for HOT copies.
 * - ledger_accounts' foreign key to enterprises took a KEY SHARE lock on the enterprise row for every new
 *   book (a transfer to a new pair opens one), so an enterprise's postings queued on one row and page.
 *   A member's books now reference (account id, enterprise id) — a row the posting already holds locked,
 *   and a stronger rule: a book belongs to its account's enterprise. The enterprise's own books (no
 *   account) are checked by a trigger; they are made only by credit operations, which lock the enterprise
 *   anyway.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts SET (fillfactor = 80);
    ALTER TABLE ledger_accounts SET (fillfactor = 80);
    ALTER TABLE transfer_pairs SET (fillfactor = 80);
    DROP INDEX accounts_enterprise_available, accounts_alert_due, ledger_accounts_transfer_books;
    CREATE INDEX accounts_alert_enabled ON accounts (id) WHERE alert_enabled;
    CREATE INDEX ledger_accounts_transfer_books ON ledger_accounts (account_id, id) WHERE kind = 'transfer_book';

    ALTER TABLE accounts ADD CONSTRAINT accounts_id_enterprise UNIQUE (id, enterprise_id);
    ALTER TABLE ledger_accounts
      DROP CONSTRAINT ledger_accounts_enterprise_id_fkey,
      DROP CONSTRAINT ledger_accounts_account_id_fkey,
      ADD CONSTRAINT ledger_accounts_account_enterprise_fkey
        FOREIGN KEY (account_id, enterprise_id) REFERENCES accounts (id, enterprise_id);

    CREATE FUNCTION uam_check_enterprise_book() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM 1 FROM enterprises WHERE id = NEW.enterprise_id FOR KEY SHARE;
      IF NOT FOUND THEN
        RAISE EXCEPTION USING MESSAGE = format('enterprise %s does not exist', NEW.enterprise_id), HINT = 'INTERNAL';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ledger_accounts_enterprise_book BEFORE INSERT OR UPDATE OF enterprise_id ON ledger_accounts
      FOR EACH ROW WHEN (NEW.account_id IS NULL) EXECUTE FUNCTION uam_check_enterprise_book();
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TRIGGER ledger_accounts_enterprise_book ON ledger_accounts;
    DROP FUNCTION uam_check_enterprise_book();
    ALTER TABLE ledger_accounts
      DROP CONSTRAINT ledger_accounts_account_enterprise_fkey,
      ADD CONSTRAINT ledger_accounts_enterprise_id_fkey FOREIGN KEY (enterprise_id) REFERENCES enterprises (id),
      ADD CONSTRAINT ledger_accounts_account_id_fkey FOREIGN KEY (account_id) REFERENCES accounts (id);
    ALTER TABLE accounts DROP CONSTRAINT accounts_id_enterprise;

    DROP INDEX accounts_alert_enabled, ledger_accounts_transfer_books;
    CREATE INDEX ledger_accounts_transfer_books ON ledger_accounts (account_id, id) WHERE kind = 'transfer_book' AND balance > 0;
    CREATE INDEX accounts_alert_due ON accounts (id) WHERE alert_enabled AND (alert_state = 'armed') = (available < alert_threshold);
    CREATE INDEX accounts_enterprise_available ON accounts (enterprise_id, available, id);
    ALTER TABLE accounts RESET (fillfactor);
    ALTER TABLE ledger_accounts RESET (fillfactor);
    ALTER TABLE transfer_pairs RESET (fillfactor);
  `);
}
