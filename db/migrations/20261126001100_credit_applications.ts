import type { Knex } from 'knex';

/**
 * The read model of credit applications, for listing. The credit-application workflow is the source of truth
 * for where each one stands and updates this row at every stage; amounts are fen.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE credit_applications (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
      seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      requested_public bigint NOT NULL CHECK (requested_public >= 0),
      requested_hybrid bigint NOT NULL CHECK (requested_hybrid >= 0),
      approved_public bigint CHECK (approved_public >= 0),
      approved_hybrid bigint CHECK (approved_hybrid >= 0),
      reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
      stage text NOT NULL CHECK (stage IN ('awaiting_review', 'awaiting_contract', 'taking_effect',
        'in_force', 'rejected', 'expired', 'lapsed', 'withdrawn', 'failed')),
      submitted_by text NOT NULL,
      decided_by text,
      decision_reason text,
      decided_at timestamptz,
      review_deadline timestamptz NOT NULL,
      contract_deadline timestamptz,
      reminders_sent integer NOT NULL DEFAULT 0 CHECK (reminders_sent >= 0),
      closed_by text,
      close_reason text,
      closed_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT credit_application_requests_credit CHECK (requested_public + requested_hybrid > 0),
      CONSTRAINT credit_application_approved_pair CHECK ((approved_public IS NULL) = (approved_hybrid IS NULL))
    );
    -- One open application per enterprise: a second would race the first to set the same total.
    CREATE UNIQUE INDEX credit_applications_one_open ON credit_applications (enterprise_id)
      WHERE stage IN ('awaiting_review', 'awaiting_contract', 'taking_effect');
    CREATE INDEX credit_applications_enterprise ON credit_applications (enterprise_id, seq);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE credit_applications');
}
