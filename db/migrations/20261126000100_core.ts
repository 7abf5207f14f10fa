import type { Knex } from 'knex';

/** Enterprises, their accounts (one MA account and many members) and the API principals that act on them. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE enterprises (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      credit_public bigint NOT NULL DEFAULT 0 CHECK (credit_public >= 0),
      credit_hybrid bigint NOT NULL DEFAULT 0 CHECK (credit_hybrid >= 0),
      credit_assigned bigint NOT NULL DEFAULT 0 CHECK (credit_assigned >= 0),
      contract_confirmed_at timestamptz,
      contract_confirmed_by text,
      dual_control_threshold bigint CHECK (dual_control_threshold > 0),
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT enterprise_assigned_within_total CHECK (credit_assigned <= credit_public + credit_hybrid)
    );

    CREATE TABLE accounts (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      kind text NOT NULL CHECK (kind IN ('ma', 'member')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      email text,
      phone text,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'stopped', 'closed')),
      own_cash bigint NOT NULL DEFAULT 0 CONSTRAINT own_cash_not_negative CHECK (own_cash >= 0),
      transfer_book bigint NOT NULL DEFAULT 0 CONSTRAINT transfer_book_not_negative CHECK (transfer_book >= 0),
      held bigint NOT NULL DEFAULT 0 CHECK (held >= 0),
      credit_limit bigint NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
      credit_refund bigint NOT NULL DEFAULT 0 CHECK (credit_refund >= 0),
      monthly_uncleared bigint NOT NULL DEFAULT 0 CHECK (monthly_uncleared >= 0),
      historical_uncleared bigint NOT NULL DEFAULT 0 CHECK (historical_uncleared >= 0),
      coupon_balance bigint NOT NULL DEFAULT 0 CHECK (coupon_balance >= 0),
      available bigint GENERATED ALWAYS AS
        (own_cash + transfer_book + credit_limit + credit_refund - monthly_uncleared - historical_uncleared) STORED,
      alert_threshold bigint CHECK (alert_threshold >= 0 AND alert_threshold < 100000000000000000),
      alert_enabled boolean NOT NULL DEFAULT false,
      alert_state text NOT NULL DEFAULT 'armed' CHECK (alert_state IN ('armed', 'fired')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE UNIQUE INDEX accounts_one_ma_per_enterprise ON accounts (enterprise_id) WHERE kind = 'ma';
    CREATE INDEX accounts_enterprise_id ON accounts (enterprise_id, id);
    CREATE INDEX accounts_enterprise_available ON accounts (enterprise_id, available, id);

    CREATE TABLE principals (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      role text NOT NULL CHECK (role IN ('account_manager', 'credit_reviewer', 'enterprise_admin', 'member', 'ops')),
      enterprise_id integer REFERENCES enterprises(id),
      account_id integer REFERENCES accounts(id),
      email text,
      phone text,
      token_hash text NOT NULL UNIQUE,
      token_prefix text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz,
      CONSTRAINT principal_scope CHECK (
        CASE role
          WHEN 'enterprise_admin' THEN enterprise_id IS NOT NULL
          WHEN 'member' THEN enterprise_id IS NOT NULL AND account_id IS NOT NULL
          ELSE enterprise_id IS NULL AND account_id IS NULL
        END)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE principals; DROP TABLE accounts; DROP TABLE enterprises;');
}
