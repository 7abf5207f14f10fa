import type { Knex } from 'knex';

/**
 * Funding policies: "keep each member's available at or above FLOOR by transferring from FUNDING ACCOUNT up to
 * TARGET, at most DAILY CAP a day", and optionally, on SWEEP DAY each month, withdraw back what the members did
 * not consume of what the funding account sent them.
 * - funding_policy_members: a member is kept by one policy at most (account_id is unique). `due` remembers which
 *   side of the floor a posting last left the member on: a posting that takes it below writes one funding.due
 *   event (uam_after_change), as an alert fires once per crossing; the 5-minute scan covers the rest.
 * - funding_moves: every top-up and sweep a policy started, keyed by the movement's request id. The daily cap
 *   is checked against the day's top-ups that did not fail, under the policy row's lock.
 * - blocked_reason: why the policy last could not act (said once, cleared when it acts again).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE funding_policies (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id integer NOT NULL REFERENCES enterprises (id),
      funding_account_id integer NOT NULL REFERENCES accounts (id),
      floor bigint NOT NULL CHECK (floor >= 0),
      target bigint NOT NULL,
      daily_cap bigint NOT NULL CHECK (daily_cap > 0),
      sweep_day smallint CHECK (sweep_day BETWEEN 1 AND 28),
      created_by jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      blocked_reason text,
      blocked_at timestamptz,
      CONSTRAINT funding_target_above_floor CHECK (target > floor)
    );
    CREATE INDEX funding_policies_enterprise ON funding_policies (enterprise_id);

    CREATE TABLE funding_policy_members (
      policy_id integer NOT NULL REFERENCES funding_policies (id) ON DELETE CASCADE,
      account_id integer NOT NULL UNIQUE REFERENCES accounts (id),
      due boolean NOT NULL DEFAULT false,
      PRIMARY KEY (policy_id, account_id)
    );

    CREATE TABLE funding_moves (
      request_id text PRIMARY KEY,
      policy_id integer NOT NULL REFERENCES funding_policies (id) ON DELETE CASCADE,
      account_id integer NOT NULL REFERENCES accounts (id),
      kind text NOT NULL CHECK (kind IN ('top_up', 'sweep')),
      day date NOT NULL,
      amount bigint NOT NULL CHECK (amount > 0),
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'completed', 'failed')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX funding_moves_day ON funding_moves (policy_id, day) WHERE kind = 'top_up' AND status <> 'failed';
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE funding_moves; DROP TABLE funding_policy_members; DROP TABLE funding_policies;');
}
