import type { Db } from '../db/connection';
import { listNotifications, type NotificationPage } from '../db/notifications';
import type { Principal } from '../domain/principal';
import { accountInScope } from './scope';

export { MAX_NOTIFICATION_PAGE, type NotificationRecord } from '../db/notifications';

/** The messages sent about or to an account (an MA account also receives its enterprise's), newest first. */
export async function accountNotifications(db: Db, principal: Principal, accountId: number, page: { limit?: number; before?: string }): Promise<NotificationPage> {
  const account = await accountInScope(db, principal, 'notifications.read', accountId);
  return listNotifications(db, account.id, page);
}
