import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { findAccountByExternalId, insertAccounts } from '../../db/directory/accounts';
import { recordChanges } from '../../db/directory/changes';
import { replaceContacts } from '../../db/directory/contacts';
import {
  enterpriseIdByExternalId, getEnterprise, insertEnterprise, updateEnterprise, type EnterpriseSummary,
} from '../../db/directory/enterprises';
import { transaction } from '../../db/transaction';
import { parseContacts } from '../../domain/contacts';
import { parseEntryChange, parseExternalId, parseName } from '../../domain/directory';
import { parseYuan } from '../../domain/money';
import { requirePermission } from '../../domain/permissions';
import { actorOf, type Principal } from '../../domain/principal';
import { reachEnterprise } from './scope';

export type { EnterpriseSummary };

export interface NewEnterpriseInput {
  name: unknown;
  externalId?: unknown;
  /** The MA account: its name (default: the enterprise's), external id and contacts. */
  ma?: { name?: unknown; externalId?: unknown; contacts?: unknown };
  financeContacts?: unknown;
  /** Yuan: transfers and withdrawals of this amount or more wait for a second admin; null or absent: none do. */
  approvalThreshold?: unknown;
}

export interface CreatedEnterprise {
  enterprise: EnterpriseSummary;
  /** False when an enterprise with this external id existed already: it is returned unchanged. */
  created: boolean;
}

export const externalIdTaken = (field: string, externalId: string, owner: string) =>
  new UamError('CONFLICT', `${field}: "${externalId}" already identifies ${owner}`, { field, externalId });

function parseNewEnterprise(input: NewEnterpriseInput) {
  const name = parseName(input.name);
  return {
    name,
    externalId: parseExternalId(input.externalId),
    maName: parseName(input.ma?.name ?? name, 'ma.name'),
    maExternalId: parseExternalId(input.ma?.externalId, 'ma.externalId'),
    maContacts: parseContacts(input.ma?.contacts, 'ma.contacts'),
    financeContacts: parseContacts(input.financeContacts, 'financeContacts'),
    threshold: input.approvalThreshold === undefined || input.approvalThreshold === null
      ? null : parseYuan(input.approvalThreshold, { field: 'approvalThreshold' }),
  };
}

/**
 * Creates an enterprise with its MA account, the MA account's contacts and the finance contacts, all or
 * nothing (platform ops). Idempotent by external id: with one that exists already, that enterprise is returned
 * unchanged (`created: false`), so a sync job may run as often as it likes.
 */
export async function createEnterprise(db: Knex, principal: Principal, input: NewEnterpriseInput): Promise<CreatedEnterprise> {
  requirePermission(principal, 'directory.write');
  const e = parseNewEnterprise(input);
  const existing = async (): Promise<CreatedEnterprise | null> => {
    const id = e.externalId === null ? null : await enterpriseIdByExternalId(db, e.externalId);
    return id === null ? null : { enterprise: await getEnterprise(db, id), created: false };
  };
  const found = await existing();
  if (found) return found;
  const actor = actorOf(principal);
  const id = await transaction(db, async (trx) => {
    const enterpriseId = await insertEnterprise(trx, { name: e.name, externalId: e.externalId, dualControlThreshold: e.threshold });
    if (enterpriseId === null) return null; // a concurrent twin made it
    if (e.maExternalId !== null && (await findAccountByExternalId(trx, e.maExternalId))) {
      throw externalIdTaken('ma.externalId', e.maExternalId, 'another account');
    }
    const [ma] = await insertAccounts(trx, enterpriseId, [{ kind: 'ma', name: e.maName, externalId: e.maExternalId }]);
    await replaceContacts(trx, { enterpriseId, accountId: ma! }, e.maContacts);
    await replaceContacts(trx, { enterpriseId, accountId: null }, e.financeContacts);
    await recordChanges(trx, [
      { enterpriseId, action: 'enterprise.created', actor, details: { name: e.name, externalId: e.externalId } },
      { enterpriseId, accountId: ma!, action: 'account.created', actor, details: { name: e.maName, externalId: e.maExternalId, kind: 'ma' } },
    ]);
    return enterpriseId;
  });
  if (id === null) return (await existing())!;
  return { enterprise: await getEnterprise(db, id), created: true };
}

/** Renames an enterprise and/or changes its external id (platform ops). */
export async function updateEnterpriseEntry(
  db: Knex, principal: Principal, enterpriseId: number, input: { name?: unknown; externalId?: unknown },
): Promise<EnterpriseSummary> {
  await reachEnterprise(db, principal, 'directory.write', enterpriseId);
  const change = parseEntryChange(input);
  await transaction(db, async (trx) => {
    if (change.externalId) {
      const owner = await enterpriseIdByExternalId(trx, change.externalId);
      if (owner !== null && owner !== enterpriseId) throw externalIdTaken('externalId', change.externalId, `enterprise ${owner}`);
    }
    const before = await updateEnterprise(trx, enterpriseId, change);
    await recordChanges(trx, [{ enterpriseId, action: 'enterprise.updated', actor: actorOf(principal), details: { before, after: change } }]);
  });
  return getEnterprise(db, enterpriseId);
}
