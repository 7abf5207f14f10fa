import type { Command } from 'commander';
import { accountCommands } from './accounts';
import { accountDirectoryCommands } from './accounts-directory';
import { accountImportCommand } from './accounts-import';
import { alertCommands } from './alerts';
import { billingCommands } from './billing';
import { creditCommands } from './credit';
import { enterpriseCommands } from './enterprises';
import { exportCommand } from './export';
import { notificationCommands } from './notifications';
import { apiOptions } from './run';
import { policyCommands } from './policies';
import { settingsCommands } from './settings';
import { tokenCommands } from './tokens';
import { transferCommands } from './transfers';
import { webhookCommands } from './webhooks';

/**
 * The commands that work through the HTTP API (one file per group), and `uam tokens bootstrap`, which makes the
 * first token against the database. Their shared
 * options (--json, --token, --api-url) may go anywhere on the command line.
 */
export function registerCommands(program: Command): void {
  apiOptions(program);
  program.configureHelp({ showGlobalOptions: true });
  enterpriseCommands(program);
  const accounts = accountCommands(program);
  accountDirectoryCommands(accounts);
  accountImportCommand(accounts);
  settingsCommands(program);
  policyCommands(program);
  alertCommands(program);
  creditCommands(program);
  transferCommands(program);
  exportCommand(program);
  billingCommands(program);
  notificationCommands(program);
  webhookCommands(program);
  tokenCommands(program);
}
