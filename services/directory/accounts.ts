import type { Knex } from 'knex';
import { findAccountByExternalId, insertAccounts, lockAccountCreation, updateAccount } from '../../db/directory/accounts';
import { recordChanges } from '../../db/directory/changes';
import { replaceContacts } from '../../db/directory/contacts';
import { getAccount, type AccountFigures } from '../../db/ledger/queries';
import { transaction } from '../../db/transaction';
import { parseContacts } from '../../domain/contacts';
import { parseEntryChange, parseExternalId, parseName } from '../../domain/directory';
import { requirePermission } from '../../domain/permissions';
import { actorOf, type Principal } from '../../domain/principal';
import { externalIdTaken } from './enterprises';
import { reachAccount, reachEnterprise } from './scope';

export interface NewAccountInput {
  name: unknown;
  externalId?: unknown;
  contacts?: unknown;
}

export interface AddedAccount {
  account: AccountFigures;
  /** False when an account with this external id existed already in the enterprise: it is returned unchanged. */
  created: boolean;
}

/**
 * Adds a member account with its contacts (platform ops). Idempotent by external id: the enterprise's account
 * with that id is returned unchanged; one of another enterprise is a conflict.
 */
export async function addAccount(db: Knex, principal: Principal, enterpriseId: number, input: NewAccountInput): Promise<AddedAccount> {
  await reachEnterprise(db, principal, 'directory.write', enterpriseId);
  const name = parseName(input.name);
  const externalId = parseExternalId(input.externalId);
  const contacts = parseContacts(input.contacts);
  const actor = actorOf(principal);
  const result = await transaction(db, async (trx) => {
    await lockAccountCreation(trx, enterpriseId);
    const existing = externalId === null ? null : await findAccountByExternalId(trx, externalId);
    if (existing && existing.enterpriseId !== enterpriseId) throw externalIdTaken('externalId', externalId!, 'an account of another enterprise');
    if (existing) return { id: existing.id, created: false };
    const [id] = await insertAccounts(trx, enterpriseId, [{ kind: 'member', name, externalId }]);
    await replaceContacts(trx, { enterpriseId, accountId: id! }, contacts);
    await recordChanges(trx, [{ enterpriseId, accountId: id!, action: 'account.created', actor, details: { name, externalId, contacts: contacts.length } }]);
    return { id: id!, created: true };
  });
  return { account: await getAccount(db, result.id), created: result.created };
}

/**
 * Renames an account (platform ops, or the enterprise admin for its own enterprise's accounts) and/or changes
 * its external id (platform ops only). A closed account is read-only.
 */
export async function updateAccountEntry(
  db: Knex, principal: Principal, accountId: number, input: { name?: unknown; externalId?: unknown },
): Promise<AccountFigures> {
  const account = await reachAccount(db, principal, 'accounts.edit', accountId);
  if (input.externalId !== undefined) requirePermission(principal, 'directory.write');
  const change = parseEntryChange(input);
  await transaction(db, async (trx) => {
    if (change.externalId) {
      const owner = await findAccountByExternalId(trx, change.externalId);
      if (owner && owner.id !== accountId) throw externalIdTaken('externalId', change.externalId, `account ${owner.id}`);
    }
    const before = await updateAccount(trx, accountId, change);
    await recordChanges(trx, [{
      enterpriseId: account.enterpriseId, accountId, action: 'account.updated', actor: actorOf(principal),
      details: { before: { name: before.name, externalId: before.externalId }, after: change },
    }]);
  });
  return getAccount(db, accountId);
}
