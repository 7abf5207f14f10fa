import { type Command, Option } from 'commander';
import { ACCOUNT_SORTS } from '../services/accounts';
import { parseId } from './run';

/** The account list's options, shared by `uam accounts list` and `uam export`. */
export interface ListOptions {
  enterprise?: number; sort: string; order: string; limit: number; cursor?: string; status?: string; alerting?: boolean; search?: string;
}

export function addListOptions(cmd: Command, limitHelp: string): Command {
  return cmd
    .option('--enterprise <id>', 'enterprise (default: your own)', parseId)
    .addOption(new Option('--sort <column>', 'sort by').choices(ACCOUNT_SORTS).default('id'))
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']).default('asc'))
    .option('--limit <n>', limitHelp, parseId, 50)
    .option('--cursor <cursor>', 'start after this page: the "next" cursor printed under the previous one')
    .addOption(new Option('--status <status>', 'only accounts in this status').choices(['active', 'stopped', 'closed']))
    .option('--alerting', 'only accounts whose low-balance alert has fired')
    .option('--search <text>', 'part of the account name');
}

/** The API query of those options (without the enterprise, which is in the path). */
export const listQuery = (o: ListOptions) =>
  ({ sort: o.sort, order: o.order, limit: o.limit, cursor: o.cursor, status: o.status, alerting: o.alerting, search: o.search });
