import { randomUUID } from 'node:crypto';
import { createDb, type Db } from '../../db/connection';
import { createTestEnterprise, type TestEnterprise } from '../support/enterprise';

/** A Knex pool on the test database that the vitest global setup migrated. */
export function ledgerTestDb(poolMax = 10): Db {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: run the tests through vitest (global setup provisions it)');
  return createDb({ databaseUrl: url, databasePoolMax: poolMax });
}

export const key = (label = 'op'): string => `${label}-${randomUUID()}`;

export type Enterprise = TestEnterprise;

/** A fresh enterprise with its MA account and `members` member accounts (test/support's helper). */
export const makeEnterprise = (db: Db, members = 3): Promise<Enterprise> => createTestEnterprise(db, { members });

export async function figures(db: Db, accountId: number) {
  const row = await db('accounts').where({ id: accountId }).first();
  return row as Record<string, bigint | string | number | boolean | null> & {
    own_cash: bigint; transfer_book: bigint; held: bigint; available: bigint; credit_limit: bigint;
    monthly_uncleared: bigint; historical_uncleared: bigint; coupon_balance: bigint; credit_refund: bigint; status: string;
  };
}
