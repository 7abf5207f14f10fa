import type { Knex } from 'knex';
import type { Contact, ContactChannel, ContactEvent } from '../../domain/contacts';

type Conn = Knex | Knex.Transaction;

/** Whose contacts: an account's, or (accountId null) the enterprise's finance contacts. */
export interface ContactOwner {
  enterpriseId: number;
  accountId: number | null;
}

export const toContact = (r: { channel: string; address: string; events: string[] }): Contact => ({
  channel: r.channel as ContactChannel,
  address: r.address,
  events: r.events as ContactEvent[],
});

const ofOwner = (db: Conn, owner: ContactOwner) => {
  const q = db('contacts').where({ enterprise_id: owner.enterpriseId });
  return owner.accountId === null ? q.whereNull('account_id') : q.where({ account_id: owner.accountId });
};

/** The owner's contacts in the order they were given. */
export async function readContacts(db: Conn, owner: ContactOwner): Promise<Contact[]> {
  const rows = await ofOwner(db, owner).orderBy('id').select('channel', 'address', 'events');
  return rows.map(toContact);
}

/** Replaces the owner's contacts with `contacts` (inside the caller's transaction). */
export async function replaceContacts(trx: Knex.Transaction, owner: ContactOwner, contacts: Contact[]): Promise<void> {
  await ofOwner(trx, owner).delete();
  if (contacts.length === 0) return;
  await trx('contacts').insert(contacts.map((c) => ({
    enterprise_id: owner.enterpriseId, account_id: owner.accountId, channel: c.channel, address: c.address, events: c.events,
  })));
}

/**
 * Many accounts' contacts in one statement (bulk import): each listed account's contacts become exactly the
 * ones given (an empty list removes them all).
 */
export async function replaceManyContacts(trx: Knex.Transaction, enterpriseId: number, byAccount: Map<number, Contact[]>): Promise<void> {
  if (byAccount.size === 0) return;
  await trx('contacts').where({ enterprise_id: enterpriseId }).whereIn('account_id', [...byAccount.keys()]).delete();
  const rows = [...byAccount].flatMap(([accountId, contacts]) => contacts.map((c) => ({
    account_id: accountId, channel: c.channel, address: c.address, events: `{${c.events.join(',')}}`,
  })));
  if (rows.length === 0) return;
  await trx.raw(
    `INSERT INTO contacts (enterprise_id, account_id, channel, address, events)
     SELECT ?, r.account_id, r.channel, r.address, r.events::text[] FROM jsonb_to_recordset(?::jsonb)
       AS r(account_id integer, channel text, address text, events text)`,
    [enterpriseId, JSON.stringify(rows)],
  );
}

/** The contacts of many accounts at once, by account id (accounts without any are absent). */
export async function contactsOfAccounts(db: Conn, accountIds: number[]): Promise<Map<number, Contact[]>> {
  const byAccount = new Map<number, Contact[]>();
  if (accountIds.length === 0) return byAccount;
  const { rows } = await db.raw(
    'SELECT account_id, channel, address, events FROM contacts WHERE account_id = ANY(?::int[]) ORDER BY id',
    [accountIds],
  );
  for (const r of rows as Array<{ account_id: number; channel: string; address: string; events: string[] }>) {
    const list = byAccount.get(r.account_id) ?? [];
    list.push(toContact(r));
    byAccount.set(r.account_id, list);
  }
  return byAccount;
}
