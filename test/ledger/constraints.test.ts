import { afterAll, describe, expect, it } from 'vitest';
import * as ledger from '../../db/ledger/operations';
import { key, ledgerTestDb, makeEnterprise } from './fixture';

const db = ledgerTestDb();
const actor = 'test';
afterAll(async () => {
  await db.destroy();
});

/** Postgres itself refuses these writes, whatever code issues them. */
describe('rules enforced by the database', () => {
  it('entries are immutable and every transaction must balance, even when written by hand', async () => {
    const ent = await makeEnterprise(db, 1);
    const A = ent.members[0]!;
    const { transactionId } = await ledger.topUp(db, { key: key(), accountId: A, amount: 10_00n, actor });
    const entry = await db('ledger_entries').where({ transaction_id: transactionId!.toString() }).first();
    await expect(db('ledger_entries').where({ id: entry.id.toString() }).update({ amount: 1 })).rejects.toThrow(/immutable/);
    await expect(db('ledger_entries').where({ id: entry.id.toString() }).del()).rejects.toThrow(/immutable/);
    await expect(db('ledger_transactions').where({ id: transactionId!.toString() }).del()).rejects.toThrow(/immutable/);
    // A transaction written by hand that does not balance is refused at commit, and so is a lone entry.
    const unbalanced = db.transaction(async (trx) => {
      const [txn] = await trx('ledger_transactions')
        .insert({ idempotency_key: key('hand'), kind: 'top_up', enterprise_id: ent.id, request: {}, actor })
        .returning('id');
      await trx('ledger_entries').insert({ transaction_id: txn.id.toString(), ledger_account_id: entry.ledger_account_id.toString(), amount: 5 });
    });
    await expect(unbalanced).rejects.toThrow(/not balanced/);
    expect((await db('ledger_entries').where({ transaction_id: transactionId!.toString() })).length).toBe(2);
  });

  it('no book can go negative and assigned credit cannot exceed the total', async () => {
    const ent = await makeEnterprise(db, 1);
    const A = ent.members[0]!;
    await expect(db('accounts').where({ id: A }).update({ own_cash: -1 })).rejects.toThrow(/own_cash_not_negative/);
    await expect(db('enterprises').where({ id: ent.id }).update({ credit_assigned: 1 })).rejects.toThrow(/enterprise_assigned_within_total/);
    const book = await db('ledger_accounts').insert({ enterprise_id: ent.id, account_id: A, kind: 'own_cash', balance: -5 }).catch((e: Error) => e);
    expect(String(book)).toMatch(/ledger_account_sign/);
    await expect(db('ledger_accounts').insert({ enterprise_id: ent.id, account_id: A, kind: 'transfer_book', source_account_id: ent.ma, transferred: 1, withdrawn: 2 }))
      .rejects.toThrow(/ledger_account_transfer_totals/);
  });

  it('a book belongs to its account’s enterprise, and an enterprise book to an enterprise that exists', async () => {
    const [ent, other] = [await makeEnterprise(db, 1), await makeEnterprise(db, 1)];
    const A = ent.members[0]!;
    await expect(db('ledger_accounts').insert({ enterprise_id: other.id, account_id: A, kind: 'coupons' }))
      .rejects.toThrow(/ledger_accounts_account_enterprise_fkey/);
    await expect(db('ledger_accounts').insert({ enterprise_id: 2_000_000_000, kind: 'credit_available' }))
      .rejects.toThrow(/enterprise 2000000000 does not exist/);
  });
});

describe('ledger errors', () => {
  it('carry the rule and its limit, never the SQL that raised them', async () => {
    const ent = await makeEnterprise(db, 2);
    const [A, B] = ent.members as [number, number];
    const err = await ledger.transfer(db, { key: key(), fromAccountId: A, toAccountId: B, amount: 1n, actor }).catch((e: Error) => e);
    expect(err).toMatchObject({ code: 'TRANSFER_EXCEEDS_MAXIMUM', details: { maximum: '0' } });
    expect((err as Error).message).toBe(`cannot transfer 0.01 yuan: account ${A} can transfer at most 0.00 yuan to account ${B} (its own cash)`);
  });
});

describe('ledger functions', () => {
  it('are replaced when the database runs a stale copy, and left alone when current', async () => {
    const { syncLedgerFunctions } = await import('../../db/ledger/functions');
    expect(await syncLedgerFunctions(db)).toBe(false); // the test database was just migrated
    await db.raw(`CREATE OR REPLACE FUNCTION uam_transfer_terms(a accounts) RETURNS uam_term[] LANGUAGE sql AS 'SELECT ARRAY[uam_term(''own_cash'', 42)]'`);
    await db.raw("COMMENT ON TYPE uam_result IS 'stale'");
    expect(await syncLedgerFunctions(db)).toBe(true);
    const ent = await makeEnterprise(db, 1);
    const { rows } = await db.raw('SELECT (uam_bound(uam_transfer_terms(a))).amount AS max FROM accounts a WHERE id = ?', [ent.members[0]!]);
    expect(rows[0].max).toBe(0n);
  });
});
