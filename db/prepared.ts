import { createHash } from 'node:crypto';
import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** A statement for pg's driver: with a name, it is parsed and planned once per connection. */
export interface Statement { name?: string; text: string; values: unknown[] }

interface PgConnection {
  query(statement: Statement): Promise<{ rows: Array<Record<string, unknown>> }>;
}

/** Runs one statement on the pooled (or the transaction's) pg connection, without Knex's query building. */
export async function runStatement(db: Conn, statement: Statement): Promise<Array<Record<string, unknown>>> {
  const connection = (await db.client.acquireConnection()) as PgConnection;
  try {
    return (await connection.query(statement)).rows;
  } finally {
    await db.client.releaseConnection(connection);
  }
}

/**
 * How many texts are prepared at most. A text carries its page size as a literal (a parameter would leave the
 * planner guessing a tenth of the table and choosing worse plans: 1.8 → 3.0 ms for the account list), so callers
 * trying every page size could make many; past this many, a text runs unprepared, and no connection holds more.
 */
export const MAX_PREPARED_TEXTS = 200;
const names = new Map<string, string>();

/** A statement's name, from its text (one text is one prepared statement on every connection); none past the cap. */
function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (!name && names.size < MAX_PREPARED_TEXTS) {
    name = `uam_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * Runs a read that the API makes at every request (`?` bindings, as `db.raw` takes them) as a named prepared
 * statement on the pooled (or the transaction's) connection: Postgres parses and plans it once per connection
 * instead of at every call, which was a third of the database's time for the account list and for one
 * account's figures (bench:api). Name the columns it returns: a prepared `SELECT *` fails once a migration adds a
 * column ("cached plan must not change result type").
 */
export async function preparedRows(db: Conn, sql: string, bindings: readonly Knex.RawBinding[]): Promise<Array<Record<string, unknown>>> {
  const native = db.raw(sql, bindings as Knex.RawBinding[]).toSQL().toNative();
  const name = nameOf(native.sql);
  return runStatement(db, { ...(name && { name }), text: native.sql, values: native.bindings as unknown[] });
}
