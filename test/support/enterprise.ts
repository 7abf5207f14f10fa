import type { Db } from '../../db/connection';
import { CONTACT_EVENTS } from '../../domain/contacts';
import { freshId } from './ids';

export interface TestEnterpriseOptions {
  /** Member accounts besides the MA account (default 2). */
  members?: number;
  name?: string;
  /** Total credit limit parts in fen (default 0). */
  creditPublic?: bigint;
  creditHybrid?: bigint;
  /** Amount in fen above which transfers need a second admin's approval. */
  dualControlThreshold?: bigint;
}

export interface TestEnterprise {
  id: number;
  name: string;
  /** The MA account's id. */
  ma: number;
  /** Member account ids, in creation order. */
  members: number[];
}

/**
 * Inserts an enterprise, its MA account and `members` member accounts straight into the tables, each with
 * its own e-mail contact (the MA account also a phone), wanting every event. Balances stay zero: money only
 * enters through the ledger. (The directory's API and services do the same for real; this is test support.)
 */
export async function createTestEnterprise(db: Db, options: TestEnterpriseOptions = {}): Promise<TestEnterprise> {
  const name = options.name ?? freshId('Enterprise');
  return db.transaction(async (trx) => {
    const [enterprise] = await trx('enterprises')
      .insert({
        name,
        credit_public: options.creditPublic ?? 0n,
        credit_hybrid: options.creditHybrid ?? 0n,
        dual_control_threshold: options.dualControlThreshold ?? null,
      })
      .returning<{ id: number }[]>('id');
    const id = enterprise!.id;
    const rows = await trx('accounts')
      .insert([
        { enterprise_id: id, kind: 'ma', name: `${name} MA` },
        ...Array.from({ length: options.members ?? 2 }, (_, i) => ({ enterprise_id: id, kind: 'member', name: `${name} member ${i + 1}` })),
      ])
      .returning<{ id: number }[]>('id');
    const ids = rows.map((row) => row.id);
    const contact = (accountId: number, channel: 'email' | 'sms', address: string) =>
      ({ enterprise_id: id, account_id: accountId, channel, address, events: [...CONTACT_EVENTS] });
    await trx('contacts').insert([
      contact(ids[0]!, 'email', `ma-${id}@example.test`),
      contact(ids[0]!, 'sms', '13800000000'),
      ...ids.slice(1).map((accountId, i) => contact(accountId, 'email', `member${i + 1}-${id}@example.test`)),
    ]);
    return { id, name, ma: ids[0]!, members: ids.slice(1) };
  });
}

/** The first e-mail address of an account (what createTestEnterprise gave it). */
export async function emailOf(db: Db, accountId: number): Promise<string> {
  const row = await db('contacts').where({ account_id: accountId, channel: 'email' }).orderBy('id').first('address');
  return row.address as string;
}
