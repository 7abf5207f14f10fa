import type { Knex } from 'knex';

/**
 * Fewer index writes per posting, and the enterprise row out of the posting path.
 *
 * - An update is HOT (heap only, no index writes) only if it changes no indexed column, predicates of
 *   partial indexes included. ledger_accounts_transfer_books named `balance > 0`, so no book update was
 *   HOT; it now covers every transfer book (consumption skips the empty ones), and book updates are HOT.
 *   Free space on each page (fillfactor) leaves room for the HOT copies. (Account rows stay non-HOT:
 *   `available` is indexed for the account list's sort and the alert scan's due accounts.)
 * - ledger_accounts' foreign key to enterprises took a KEY SHARE lock on the enterprise row for every new
 *   book (a transfer to a new pair opens one), so an enterprise's postings queued on one row and page.
 *   A member's books now reference (enterprise id, account id) — a row the posting already holds locked,
 *   and a stronger rule: a book belongs to its account's enterprise. The enterprise's own books (no
 *   account) are checked by a trigger; they are made only by credit operations, which lock the enterprise
 *   anyway.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE ledger_accounts SET (fillfactor = 80);
    DROP INDEX ledger_accounts_transfer_books;
    CREATE INDEX ledger_accounts_transfer_books ON ledger_accounts (account_id, id) WHERE kind = 'transfer_book';

    -- The (enterprise, account) index that listing already used, now unique so a foreign key can name it.
    DROP INDEX accounts_enterprise_id;
    ALTER TABLE accounts ADD CONSTRAINT accounts_enterprise_id UNIQUE (enterprise_id, id);
    ALTER TABLE ledger_accounts
      DROP CONSTRAINT ledger_accounts_enterprise_id_fkey,
      DROP CONSTRAINT ledger_accounts_account_id_fkey,
      ADD CONSTRAINT ledger_accounts_account_enterprise_fkey
        FOREIGN KEY (enterprise_id, account_id) REFERENCES accounts (enterprise_id, id);

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
    ALTER TABLE accounts DROP CONSTRAINT accounts_enterprise_id;
    CREATE INDEX accounts_enterprise_id ON accounts (enterprise_id, id);

    DROP INDEX ledger_accounts_transfer_books;
    CREATE INDEX ledger_accounts_transfer_books ON ledger_accounts (account_id, id) WHERE kind = 'transfer_book' AND balance > 0;
    ALTER TABLE ledger_accounts RESET (fillfactor);
  `);
}
