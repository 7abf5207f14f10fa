import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/connection';
import { MAX_PREPARED_TEXTS, preparedRows } from '../../db/prepared';
import { testConfig } from '../support';

// One connection, so every statement below is prepared (or not) on the connection that is counted.
const db = createDb({ ...testConfig(), databasePoolMax: 1 });
afterAll(() => db.destroy());

const prepared = async () => Number((await db.raw('SELECT count(*) AS n FROM pg_prepared_statements')).rows[0].n);

describe('prepared reads', () => {
  it('answer as a plain query does, and stop preparing new texts at the cap while still answering', async () => {
    const texts = MAX_PREPARED_TEXTS + 30;
    for (let i = 0; i < texts; i++) {
      const rows = await preparedRows(db, `SELECT ?::int + ${i} AS n, ?::text AS word`, [1, `w${i}`]);
      expect(rows).toEqual([{ n: 1 + i, word: `w${i}` }]);
    }
    expect(await prepared()).toBe(MAX_PREPARED_TEXTS);
    // A text prepared earlier runs again as the same statement; one past the cap still runs, unprepared.
    expect(await preparedRows(db, 'SELECT ?::int + 0 AS n, ?::text AS word', [41, 'again'])).toEqual([{ n: 41, word: 'again' }]);
    expect(await preparedRows(db, `SELECT ?::int + ${texts} AS n, ?::text AS word`, [1, 'past'])).toEqual([{ n: 1 + texts, word: 'past' }]);
    expect(await prepared()).toBe(MAX_PREPARED_TEXTS);
  });
});
