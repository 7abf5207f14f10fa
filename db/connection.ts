import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import type { Config } from '../core/config';

// Postgres bigint (int8) arrives as a JS bigint: money never passes through a float.
pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));

export type Db = Knex;

export function createDb(config: Pick<Config, 'databaseUrl' | 'databasePoolMax'>, overrides: Partial<Knex.Config> = {}): Db {
  return knexFactory({
    client: 'pg',
    connection: config.databaseUrl,
    pool: { min: 0, max: config.databasePoolMax },
    ...overrides,
  });
}
