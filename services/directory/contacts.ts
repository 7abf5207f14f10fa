import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { recordChanges } from '../../db/directory/changes';
import { readContacts, replaceContacts } from '../../db/directory/contacts';
import { transaction } from '../../db/transaction';
import { parseContacts, type Contact } from '../../domain/contacts';
import { actorOf, type Principal } from '../../domain/principal';
import { reachAccount } from './scope';

/** An account's contacts, each with the events it wants (a member: its own account's). */
export async function accountContacts(db: Knex, principal: Principal, accountId: number): Promise<Contact[]> {
  const account = await reachAccount(db, principal, 'accounts.read', accountId);
  return readContacts(db, { enterpriseId: account.enterpriseId, accountId });
}

/**
 * Replaces an account's contacts (platform ops; the enterprise admin for its own enterprise). Each address is
 * validated and named in the error when malformed; a closed account is read-only.
 */
export async function setAccountContacts(db: Knex, principal: Principal, accountId: number, input: unknown): Promise<Contact[]> {
  const account = await reachAccount(db, principal, 'accounts.edit', accountId);
  const contacts = parseContacts(input);
  const owner = { enterpriseId: account.enterpriseId, accountId };
  await transaction(db, async (trx) => {
    // FOR SHARE waits for a close in progress (it holds the row FOR NO KEY UPDATE) and keeps one from starting.
    const { rows } = await trx.raw('SELECT status FROM accounts WHERE id = ? FOR SHARE', [accountId]);
    if (rows[0]?.status === 'closed') throw new UamError('ACCOUNT_CLOSED', `account ${accountId} is closed: reopen it first`, { accountId });
    const before = await readContacts(trx, owner);
    await replaceContacts(trx, owner, contacts);
    await recordChanges(trx, [{ ...owner, action: 'contacts.changed', actor: actorOf(principal), details: { before, after: contacts } }]);
  });
  return readContacts(db, owner);
}
