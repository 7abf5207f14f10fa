import type { Knex } from 'knex';

/**
 * The double-entry ledger's tables, constraints and triggers, as first created (later migrations change them;
 * db/schema.sql shows the result). The uam_* functions that are its only writers are kept in step by
 * db/ledger/functions.ts after every migration run.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
-- Row locks are FOR NO KEY UPDATE, taken enterprise first, then accounts in ascending id order: foreign-key
-- checks (FOR KEY SHARE) from concurrent inserts never wait on them, so lock waits cannot form a cycle.

-- The double-entry ledger. Balances live on ledger_accounts (one row per book) and, summed per figure, on
-- accounts/enterprises; the uam_* functions in ledger-*.sql are the only writers.
-- This is the schema as first created (migration 000400); later migrations change it: 001800 (indexes and
-- keys off the posting path), 001900 (transfer totals moved from transfer_pairs onto the transfer books) and
-- 002000 (entries keyed by transaction).

-- What every uam_* ledger function returns.
CREATE TYPE uam_result AS (transaction_id bigint, replayed boolean, ref_id bigint);

CREATE TABLE ledger_accounts (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES enterprises(id),
  account_id integer REFERENCES accounts(id),
  kind text NOT NULL CHECK (kind IN (
    'own_cash', 'transfer_book', 'held', 'credit_limit', 'credit_refund', 'coupons',
    'monthly_uncleared', 'historical_uncleared', 'credit_available', 'credit_facility',
    'ext_topup', 'ext_consumption', 'ext_repayment', 'ext_refund', 'ext_coupon')),
  source_account_id integer REFERENCES accounts(id),
  balance bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_account_book UNIQUE NULLS NOT DISTINCT (enterprise_id, account_id, kind, source_account_id),
  CONSTRAINT ledger_account_owner CHECK ((kind IN ('credit_available', 'credit_facility')) = (account_id IS NULL)),
  CONSTRAINT ledger_account_source CHECK ((kind = 'transfer_book') = (source_account_id IS NOT NULL)),
  -- Debts and the credit facility are kept as negative balances; every customer book is never negative.
  CONSTRAINT ledger_account_sign CHECK (CASE
    WHEN kind IN ('monthly_uncleared', 'historical_uncleared', 'credit_facility') THEN balance <= 0
    WHEN kind LIKE 'ext\\_%' THEN true
    ELSE balance >= 0 END)
);
CREATE INDEX ledger_accounts_transfer_books ON ledger_accounts (account_id, id) WHERE kind = 'transfer_book' AND balance > 0;

CREATE TABLE ledger_transactions (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
  kind text NOT NULL,
  -- Copied from the locked accounts for scoping. No foreign key on purpose: its KEY SHARE lock on the
  -- enterprise row would make every posting of an enterprise contend on one row (multixacts).
  enterprise_id integer NOT NULL,
  request jsonb NOT NULL,
  actor text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_transactions_idempotency_key UNIQUE (idempotency_key)
);

CREATE TABLE ledger_entries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  transaction_id bigint NOT NULL REFERENCES ledger_transactions(id),
  ledger_account_id bigint NOT NULL REFERENCES ledger_accounts(id),
  amount bigint NOT NULL CHECK (amount <> 0)
);
CREATE INDEX ledger_entries_transaction ON ledger_entries (transaction_id);
CREATE INDEX ledger_entries_ledger_account ON ledger_entries (ledger_account_id, id);

CREATE TABLE transfer_pairs (
  source_account_id integer NOT NULL REFERENCES accounts(id),
  dest_account_id integer NOT NULL REFERENCES accounts(id),
  transferred bigint NOT NULL DEFAULT 0 CHECK (transferred >= 0),
  withdrawn bigint NOT NULL DEFAULT 0 CHECK (withdrawn >= 0),
  PRIMARY KEY (source_account_id, dest_account_id),
  CONSTRAINT transfer_pair_withdrawn_within_transferred CHECK (withdrawn <= transferred),
  CHECK (source_account_id <> dest_account_id)
);

CREATE TABLE holds (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES enterprises(id),
  purpose text NOT NULL CHECK (purpose IN ('transfer', 'withdrawal')),
  -- transfer: funds of from_account (own cash) go to to_account's transfer book under source from_account.
  -- withdrawal: funds of from_account (its transfer book under to_account) go back to to_account's own cash.
  from_account_id integer NOT NULL REFERENCES accounts(id),
  to_account_id integer NOT NULL REFERENCES accounts(id),
  amount bigint NOT NULL CHECK (amount > 0),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'posted', 'voided')),
  hold_transaction_id bigint NOT NULL UNIQUE REFERENCES ledger_transactions(id),
  settle_transaction_id bigint UNIQUE REFERENCES ledger_transactions(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  settled_at timestamptz,
  CONSTRAINT hold_settled CHECK ((status = 'pending') = (settle_transaction_id IS NULL)),
  CHECK (from_account_id <> to_account_id)
);
CREATE INDEX holds_pending ON holds (from_account_id) WHERE status = 'pending';

CREATE TABLE coupons (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES enterprises(id),
  account_id integer NOT NULL REFERENCES accounts(id),
  amount bigint NOT NULL CHECK (amount > 0),
  remaining bigint NOT NULL CHECK (remaining >= 0),
  valid_from timestamptz NOT NULL,
  valid_to timestamptz NOT NULL,
  expired_at timestamptz,
  transaction_id bigint NOT NULL UNIQUE REFERENCES ledger_transactions(id),
  CONSTRAINT coupon_remaining_within_amount CHECK (remaining <= amount),
  CONSTRAINT coupon_window CHECK (valid_to > valid_from)
);
CREATE INDEX coupons_usable ON coupons (account_id, valid_to, id) WHERE remaining > 0;

CREATE TABLE credit_changes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  enterprise_id integer NOT NULL REFERENCES enterprises(id),
  account_id integer REFERENCES accounts(id),
  actor text NOT NULL,
  old_limit bigint NOT NULL CHECK (old_limit >= 0),
  new_limit bigint NOT NULL CHECK (new_limit >= 0),
  reason text NOT NULL DEFAULT '',
  transaction_id bigint NOT NULL REFERENCES ledger_transactions(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_changes_enterprise ON credit_changes (enterprise_id, id) WHERE account_id IS NULL;
CREATE INDEX credit_changes_account ON credit_changes (account_id, id);

-- Entries and transactions are immutable: corrections are new transactions.
CREATE FUNCTION uam_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = format('%s rows are immutable', TG_TABLE_NAME), HINT = 'INVALID_STATE';
END $$;
CREATE TRIGGER ledger_entries_immutable BEFORE UPDATE OR DELETE ON ledger_entries
  FOR EACH ROW EXECUTE FUNCTION uam_immutable();
CREATE TRIGGER ledger_transactions_immutable BEFORE UPDATE OR DELETE ON ledger_transactions
  FOR EACH ROW EXECUTE FUNCTION uam_immutable();

-- At commit every transaction written sums to zero over at least two entries: one deferred check per
-- transaction (not per entry, which doubled the commit-time work of every posting). Entries of committed
-- transactions cannot change (above); adding more to one later is not something any uam function does.
CREATE FUNCTION uam_check_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE v_sum numeric; v_count integer;
BEGIN
  SELECT coalesce(sum(amount), 0), count(*) INTO v_sum, v_count FROM ledger_entries WHERE transaction_id = NEW.id;
  IF v_sum <> 0 OR v_count < 2 THEN
    RAISE EXCEPTION USING MESSAGE = format('ledger transaction %s is not balanced (%s entries, sum %s)', NEW.id, v_count, v_sum),
      HINT = 'INTERNAL';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER ledger_transactions_balanced AFTER INSERT ON ledger_transactions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION uam_check_balanced();
`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    DROP TABLE credit_changes, coupons, holds, transfer_pairs, ledger_entries, ledger_transactions, ledger_accounts CASCADE;
    DROP FUNCTION uam_immutable, uam_check_balanced CASCADE;
    DO $$ DECLARE f record; BEGIN
      FOR f IN SELECT p.oid::regprocedure AS sig FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = current_schema() AND p.proname LIKE 'uam\\_%' LOOP
        EXECUTE 'DROP FUNCTION ' || f.sig || ' CASCADE';
      END LOOP;
    END $$;
    DROP TYPE uam_result;
  `);
}
