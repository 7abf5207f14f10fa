import type { Knex } from 'knex';

/** One row per smoke run: the activity records it, the queue worker marks it done. Proves the whole path works. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE smoke_runs (
      id text PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
      status text NOT NULL DEFAULT 'recorded' CHECK (status IN ('recorded', 'done')),
      created_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      CONSTRAINT smoke_done_has_time CHECK ((status = 'done') = (done_at IS NOT NULL))
    );
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE smoke_runs');
}
