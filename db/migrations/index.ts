import type { Knex } from 'knex';
import * as m20261126000100 from './20261126000100_core';
import * as m20261126000200 from './20261126000200_outbox';
import * as m20261126000300 from './20261126000300_smoke';
import * as m20261126000400 from './20261126000400_ledger';
import * as m20261126001100 from './20261126001100_credit_applications';
import * as m20261126001500 from './20261126001500_alert_crossings';
import * as m20261126001510 from './20261126001510_outbox_notify';
import * as m20261126001520 from './20261126001520_notifications';
import * as m20261126001530 from './20261126001530_alert_scan_index';
import * as m20261126001600 from './20261126001600_outbox_poll';
import * as m20261126001700 from './20261126001700_account_fk_indexes';
import * as m20261126001800 from './20261126001800_ledger_hot_updates';
import * as m20261126001900 from './20261126001900_transfer_totals_on_books';
import * as m20261126002000 from './20261126002000_entries_keyed_by_transaction';
import * as m20261130001000 from './20261130001000_ledger_types';
import * as m20261130001010 from './20261130001010_credit_use';
import * as m20261130003000 from './20261130003000_contacts';
import * as m20261130003100 from './20261130003100_external_ids';
import * as m20261130003200 from './20261130003200_token_use';
import * as m20261130003300 from './20261130003300_directory_changes';
import * as m20261130003400 from './20261130003400_notification_misses';
import * as m20261130004100 from './20261130004100_delivery_state';
import * as m20261130005000 from './20261130005000_alert_options';
import * as m20261130005010 from './20261130005010_runway_index';
import * as m20261130005020 from './20261130005020_webhooks';
import * as m20261130006000 from './20261130006000_billing_periods';
import * as m20261130006100 from './20261130006100_outbox_traceparent';
import * as m20261130008000 from './20261130008000_funding_policies';
import * as m20261130009000 from './20261130009000_alert_history_index';
import * as m20261130010000 from './20261130010000_valid_coupons';

/**
 * Every migration, in the order they run. Listed here rather than found in the folder at run time so that the
 * compiled bundle (dist/) carries them like any other module. Each is named as the database records it: the
 * file name it had when migrations were loaded from this folder. A test checks that every file is listed.
 */
export const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['20261126000100_core.ts', m20261126000100],
  ['20261126000200_outbox.ts', m20261126000200],
  ['20261126000300_smoke.ts', m20261126000300],
  ['20261126000400_ledger.ts', m20261126000400],
  ['20261126001100_credit_applications.ts', m20261126001100],
  ['20261126001500_alert_crossings.ts', m20261126001500],
  ['20261126001510_outbox_notify.ts', m20261126001510],
  ['20261126001520_notifications.ts', m20261126001520],
  ['20261126001530_alert_scan_index.ts', m20261126001530],
  ['20261126001600_outbox_poll.ts', m20261126001600],
  ['20261126001700_account_fk_indexes.ts', m20261126001700],
  ['20261126001800_ledger_hot_updates.ts', m20261126001800],
  ['20261126001900_transfer_totals_on_books.ts', m20261126001900],
  ['20261126002000_entries_keyed_by_transaction.ts', m20261126002000],
  ['20261130001000_ledger_types.ts', m20261130001000],
  ['20261130001010_credit_use.ts', m20261130001010],
  ['20261130003000_contacts.ts', m20261130003000],
  ['20261130003100_external_ids.ts', m20261130003100],
  ['20261130003200_token_use.ts', m20261130003200],
  ['20261130003300_directory_changes.ts', m20261130003300],
  ['20261130003400_notification_misses.ts', m20261130003400],
  ['20261130004100_delivery_state.ts', m20261130004100],
  ['20261130005000_alert_options.ts', m20261130005000],
  ['20261130005010_runway_index.ts', m20261130005010],
  ['20261130005020_webhooks.ts', m20261130005020],
  ['20261130006000_billing_periods.ts', m20261130006000],
  ['20261130006100_outbox_traceparent.ts', m20261130006100],
  ['20261130008000_funding_policies.ts', m20261130008000],
  ['20261130009000_alert_history_index.ts', m20261130009000],
  ['20261130010000_valid_coupons.ts', m20261130010000],
];
