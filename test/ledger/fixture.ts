import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../db/connection';

/** A Knex pool on the test database that the vitest global setup migrated. */
export function ledgerTestDb(poolMax = 10): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through vitest (global setup provisions it)');
  return createDb({ databaseUrl: url, databasePoolMax: poolMax });
}

export const key = (label = 'op'): string => `${label}-${randomUUID()}`;

export interface Enterprise {
  id: number;
  ma: number;
  members: number[];
}

/** A fresh enterprise with its MA account and `members` member accounts, each with its own contacts. */
export async function makeEnterprise(db: Db, members = 3): Promise<Enterprise> {
  const [ent] = await db('enterprises').insert({ name: `Ent ${randomUUID().slice(0, 8)}` }).returning('id');
  const id = ent.id as number;
  const rows = await db('accounts')
    .insert([
      { enterprise_id: id, kind: 'ma', name: 'MA', email: `ma-${id}@example.com`, phone: '13800000000' },
      ...Array.from({ length: members }, (_, i) => ({
        enterprise_id: id,
        kind: 'member',
        name: `Member ${i + 1}`,
        email: `m${i + 1}-${id}@example.com`,
      })),
    ])
    .returning('id');
  const ids = rows.map((r) => r.id as number);
  return { id, ma: ids[0]!, members: ids.slice(1) };
}

export async function figures(db: Db, accountId: number) {
  const row = await db('accounts').where({ id: accountId }).first();
  return row as Record<string, bigint | string | number | boolean | null> & {
    own_cash: bigint; transfer_book: bigint; held: bigint; available: bigint; credit_limit: bigint;
    monthly_uncleared: bigint; historical_uncleared: bigint; coupon_balance: bigint; credit_refund: bigint; status: string;
  };
}
