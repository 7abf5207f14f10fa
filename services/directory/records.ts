import type { Knex } from 'knex';
import { listChanges, type DirectoryChangeRecord } from '../../db/directory/changes';
import { listMisses, type NotificationMissRecord } from '../../db/notification-misses';
import type { Principal } from '../../domain/principal';
import { reachEnterprise } from './scope';

export type { DirectoryChangeRecord, NotificationMissRecord };

export interface RecordPage {
  limit: number;
  /** The `next` of the previous page: records older than it. */
  before?: string;
  /** Only this account's records. */
  accountId?: number;
}

/** Who changed the enterprise's directory, and how, newest first (platform staff; its enterprise admin). */
export async function directoryChanges(db: Knex, principal: Principal, enterpriseId: number, page: RecordPage): Promise<DirectoryChangeRecord[]> {
  await reachEnterprise(db, principal, 'enterprises.read', enterpriseId);
  return listChanges(db, { enterpriseId, ...page });
}

/**
 * Events that reached nobody for an account or for the enterprise, because no contact there asked for them,
 * newest first: where to add a contact (platform staff; its enterprise admin).
 */
export async function noRecipientRecords(db: Knex, principal: Principal, enterpriseId: number, page: RecordPage): Promise<NotificationMissRecord[]> {
  await reachEnterprise(db, principal, 'enterprises.read', enterpriseId);
  return listMisses(db, { enterpriseId, ...page });
}
