import type { Command } from 'commander';
import { accountCommands } from './accounts';
import { alertCommands } from './alerts';
import { billingCommands } from './billing';
import { creditCommands } from './credit';
import { exportCommand } from './export';
import { notificationCommands } from './notifications';
import { apiOptions } from './run';
import { tokenCommands } from './tokens';
import { transferCommands } from './transfers';

/**
 * The commands that work through the HTTP API (one file per group), plus `uam tokens`. Their shared
 * options (--json, --token, --api-url) may go anywhere on the command line.
 */
export function registerCommands(program: Command): void {
  apiOptions(program);
  program.configureHelp({ showGlobalOptions: true });
  accountCommands(program);
  alertCommands(program);
  creditCommands(program);
  transferCommands(program);
  exportCommand(program);
  billingCommands(program);
  notificationCommands(program);
  tokenCommands(program);
}
