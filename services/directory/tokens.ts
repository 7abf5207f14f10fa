import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { recordChanges } from '../../db/directory/changes';
import { transaction } from '../../db/transaction';
import { requirePermission } from '../../domain/permissions';
import { actorOf, isRole, isStaff, type Principal, type Role } from '../../domain/principal';
import { parseName } from '../../domain/directory';
import { createPrincipal, listPrincipals, toPrincipalRow, type PrincipalFilter, type PrincipalRow } from '../principals';
import { reachAccount, reachEnterprise } from './scope';

/**
 * API tokens as people manage them: platform ops for everyone (staff tokens stay with ops); an enterprise
 * admin for its own enterprise only — its members and a second admin. Every token records who created it.
 */

/** The enterprise a token request is about: an admin's own (the default), or one a staff caller names. */
async function scopeOf(db: Knex, principal: Principal, enterpriseId: number | undefined): Promise<number | undefined> {
  requirePermission(principal, 'tokens.manage');
  const id = enterpriseId ?? principal.enterpriseId ?? undefined;
  if (id !== undefined) await reachEnterprise(db, principal, 'tokens.manage', id);
  return id;
}

/**
 * Tokens with who created them and when each was last used, in id order, a page at a time: an enterprise's,
 * or (ops, no enterprise) everyone's; `prefix` finds a token by its first characters.
 */
export async function listTokens(db: Knex, principal: Principal, filter: PrincipalFilter & { limit: number }): Promise<PrincipalRow[]> {
  const enterpriseId = await scopeOf(db, principal, filter.enterpriseId);
  return listPrincipals(db, { ...filter, enterpriseId });
}

export interface NewTokenInput {
  role: unknown;
  name: unknown;
  enterpriseId?: number;
  accountId?: number;
}

/** Issues a token; it is shown once in the answer and only its hash is kept. */
export async function createToken(db: Knex, principal: Principal, input: NewTokenInput): Promise<{ token: string; principal: PrincipalRow }> {
  requirePermission(principal, 'tokens.manage');
  if (!isRole(input.role)) throw new UamError('VALIDATION_FAILED', 'role: not a role', { field: 'role' });
  const role: Role = input.role;
  const name = parseName(input.name);
  if (isStaff({ role }) && principal.role !== 'ops') {
    throw new UamError('FORBIDDEN', 'only platform ops issue platform staff tokens', { role: principal.role, action: 'tokens.manage' });
  }
  const enterpriseId = isStaff({ role }) ? undefined : await scopeOf(db, principal, input.enterpriseId);
  if (!isStaff({ role }) && enterpriseId === undefined) throw new UamError('VALIDATION_FAILED', `enterpriseId: a ${role} token belongs to an enterprise`, { field: 'enterpriseId' });
  if (role === 'member' && input.accountId === undefined) throw new UamError('VALIDATION_FAILED', 'accountId: a member token needs its account', { field: 'accountId' });
  if (input.accountId !== undefined) {
    const account = await reachAccount(db, principal, 'tokens.manage', input.accountId);
    if (account.enterpriseId !== enterpriseId) throw new UamError('ACCOUNT_NOT_FOUND', `account ${input.accountId} not found`, { accountId: input.accountId });
    if (account.status === 'closed') throw new UamError('ACCOUNT_CLOSED', `account ${input.accountId} is closed`, { accountId: input.accountId });
  }
  const actor = actorOf(principal);
  return transaction(db, async (trx) => {
    const issued = await createPrincipal(trx, { name, role, enterpriseId: enterpriseId ?? null, accountId: input.accountId ?? null, createdBy: actor });
    if (enterpriseId !== undefined) {
      await recordChanges(trx, [{ enterpriseId, accountId: issued.principal.accountId, action: 'token.created', actor, details: { principalId: issued.principal.id, role, name } }]);
    }
    return { token: issued.token, principal: toPrincipalRow(await trx('principals').where({ id: issued.principal.id }).first()) };
  });
}

/**
 * Revokes a token: requests with it get 401 from then on. Revoking a revoked token changes nothing. An admin
 * reaches only its own enterprise's tokens; any other answers like a token that does not exist.
 */
export async function revokeToken(db: Knex, principal: Principal, principalId: number): Promise<PrincipalRow> {
  requirePermission(principal, 'tokens.manage');
  return transaction(db, async (trx) => {
    const row = await trx('principals').where({ id: principalId }).forUpdate().first();
    const reachable = row && (principal.enterpriseId === null || row.enterprise_id === principal.enterpriseId);
    if (!reachable) throw new UamError('TOKEN_NOT_FOUND', `token ${principalId} not found`, { tokenId: principalId });
    if (row.revoked_at) return toPrincipalRow(row);
    const [revoked] = await trx('principals').where({ id: principalId }).update({ revoked_at: trx.fn.now() }).returning('*');
    if (row.enterprise_id !== null) {
      await recordChanges(trx, [{ enterpriseId: row.enterprise_id, action: 'token.revoked', actor: actorOf(principal), details: { principalId, role: row.role, name: row.name } }]);
    }
    return toPrincipalRow(revoked);
  });
}
