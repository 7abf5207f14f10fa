import type { Knex } from 'knex';

/**
 * Webhooks: an enterprise's HTTPS endpoints, and each event delivered to each endpoint as a delivery item
 * (db/deliveries.ts: claimed, attempted, retried and given up like a notification), with every attempt kept.
 * - webhook_endpoints.secret signs every delivery (HMAC-SHA256), so it is kept as given; the API shows it once.
 *   failing_since: when its current run of failed attempts began (null while it delivers); an endpoint that
 *   fails for the whole retry window is disabled (status, disabled_at, disabled_reason).
 * - webhook_deliveries: one per (endpoint, event id): an event is delivered to an endpoint at most once. The body
 *   is fixed when the delivery is recorded, so every attempt sends the same bytes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE webhook_endpoints (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      url text NOT NULL CHECK (length(url) BETWEEN 9 AND 2000),
      events text[] NOT NULL CHECK (cardinality(events) >= 1),
      secret text NOT NULL CHECK (length(secret) >= 32),
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
      failing_since timestamptz,
      disabled_at timestamptz,
      disabled_reason text,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT webhook_disabled_has_time CHECK ((status = 'disabled') = (disabled_at IS NOT NULL))
    );
    CREATE INDEX webhook_endpoints_enterprise ON webhook_endpoints (enterprise_id, id);

    CREATE TABLE webhook_deliveries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      endpoint_id bigint NOT NULL REFERENCES webhook_endpoints(id),
      event_key text NOT NULL,
      topic text NOT NULL,
      body text NOT NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'retrying', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      last_error text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      give_up_at timestamptz NOT NULL DEFAULT now() + interval '1 day',
      CONSTRAINT webhook_delivery_once UNIQUE (endpoint_id, event_key),
      CONSTRAINT webhook_sent_has_time CHECK ((status = 'sent') = (sent_at IS NOT NULL))
    );
    CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status IN ('pending', 'sending', 'retrying');

    CREATE TABLE webhook_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      webhook_delivery_id bigint NOT NULL REFERENCES webhook_deliveries(id) ON DELETE CASCADE,
      attempt integer NOT NULL CHECK (attempt >= 1),
      outcome text CHECK (outcome IN ('sent', 'retryable', 'permanent', 'interrupted')),
      error text,
      at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (webhook_delivery_id, attempt)
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE webhook_attempts; DROP TABLE webhook_deliveries; DROP TABLE webhook_endpoints;');
}
