import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { register } from 'tsx/esm/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/connection';
import { migrateLatest } from '../../db/migrate';
import { freshId, testConfig } from '../support';

/**
 * The contacts migration on a database of its own: accounts written the old way (one e-mail and one phone on
 * the row) come out with those addresses as contacts wanting every event, and its `down` puts them back.
 */
const CONTACTS = '20261130003000_contacts.ts';
const config: Knex.MigratorConfig = {
  directory: fileURLToPath(new URL('../../db/migrations', import.meta.url)), loadExtensions: ['.ts'], tableName: 'knex_migrations',
};

let admin: Db;
let db: Db;
let name: string;
let unregister: () => Promise<void>;

beforeAll(async () => {
  unregister = register(); // Knex imports the TypeScript migrations natively
  const url = new URL(testConfig().databaseUrl);
  name = freshId('uam_migration').replace(/-/g, '_').toLowerCase();
  admin = createDb({ databaseUrl: url.href, databasePoolMax: 1 });
  await admin.raw(`CREATE DATABASE ${name}`);
  url.pathname = `/${name}`;
  db = createDb({ databaseUrl: url.href, databasePoolMax: 2 });
  await migrateLatest(db);
});
afterAll(async () => {
  await db?.destroy();
  await admin?.raw(`DROP DATABASE IF EXISTS ${name}`);
  await admin?.destroy();
  await unregister?.();
});

/** Rolls back one migration at a time until `file` is undone. */
async function downThrough(file: string): Promise<void> {
  for (;;) {
    const [, undone] = (await db.migrate.down(config)) as [number, string[]];
    if (undone.includes(file)) return;
    if (undone.length === 0) throw new Error(`${file} was never applied`);
  }
}

describe('moving contacts into their own table', () => {
  it('carries every address over wanting every event, and its down puts them back on the account row', async () => {
    await downThrough(CONTACTS);
    const [{ id: enterpriseId }] = await db('enterprises').insert({ name: 'Before' }).returning('id');
    const rows = await db('accounts').insert([
      { enterprise_id: enterpriseId, kind: 'ma', name: 'MA', email: 'ma@before.example', phone: ' 13800000000 ' },
      { enterprise_id: enterpriseId, kind: 'member', name: 'Mail only', email: 'm@before.example' },
      { enterprise_id: enterpriseId, kind: 'member', name: 'Nothing', email: '', phone: null },
    ]).returning('id');
    const [ma, mailOnly, nothing] = rows.map((r: { id: number }) => r.id) as [number, number, number];

    await migrateLatest(db);
    const contacts = await db('contacts').orderBy(['account_id', 'channel']).select('account_id', 'channel', 'address', 'events');
    const all = ['low_balance', 'account_stopped', 'credit', 'transfers'];
    expect(contacts).toEqual([
      { account_id: ma, channel: 'email', address: 'ma@before.example', events: all },
      { account_id: ma, channel: 'sms', address: '13800000000', events: all },
      { account_id: mailOnly, channel: 'email', address: 'm@before.example', events: all },
    ]);
    expect(await db.schema.hasColumn('accounts', 'email')).toBe(false);

    await db('contacts').insert({ enterprise_id: enterpriseId, account_id: mailOnly, channel: 'email', address: 'second@before.example', events: ['credit'] });
    await downThrough(CONTACTS);
    const back = await db('accounts').orderBy('id').select('id', 'email', 'phone');
    expect(back).toEqual([
      { id: ma, email: 'ma@before.example', phone: '13800000000' },
      { id: mailOnly, email: 'm@before.example', phone: null },
      { id: nothing, email: null, phone: null },
    ]);
    expect(await db.schema.hasTable('contacts')).toBe(false);
    await migrateLatest(db);
    expect(await db.schema.hasTable('notification_misses')).toBe(true);
  });
});
