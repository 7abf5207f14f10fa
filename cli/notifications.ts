import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { emit } from './output';
import { examples, parseId, run, UsageError } from './run';

interface Redriven {
  retried: number;
  ids: string[];
  more: boolean;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 6h` (minutes, hours, days ago) or an ISO 8601 date-time, as the ISO time the API takes. */
export function parseSince(value: string, now = Date.now()): string {
  const ago = /^(\d{1,6})([mhd])$/.exec(value);
  if (ago) return new Date(now - Number(ago[1]) * UNITS[ago[2]!]!).toISOString();
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(at.getTime())) {
    throw new InvalidArgumentError('give a time such as 2026-11-30T08:00:00Z, or how long ago: 30m, 6h, 2d');
  }
  return at.toISOString();
}

interface RetryOptions { failed?: boolean; since: string; until?: string; enterprise?: number; limit: number }

/** `uam notifications …`: ops tools for messages (platform ops tokens). */
export function notificationCommands(program: Command): void {
  const notifications = program.command('notifications').description('messages to people: re-drive the ones that failed (platform ops)');
  notifications.command('retry')
    .description('send failed messages again, each at most once, with a fresh retry budget (what the queue dashboard\'s Retry does for one)')
    .option('--failed', 'the messages to retry: those that failed (required, the only kind that can be retried)')
    .requiredOption('--since <time>', 'messages created since then: an ISO date-time or how long ago (30m, 6h, 2d)', (v) => parseSince(v))
    .option('--until <time>', 'and before then (default: now)', (v) => parseSince(v))
    .option('--enterprise <id>', "only this enterprise's messages", parseId)
    .option('--limit <n>', 'at most this many per request (the command asks again until none are left)', parseId, 1000)
    .addHelpText('after', examples(
      'uam notifications retry --failed --since 6h',
      'uam notifications retry --failed --since 2026-11-30T00:00:00Z --until 2026-11-30T12:00:00Z --enterprise 7',
      'uam notifications retry --failed --since 1d --json',
    ))
    .action(run(async (ctx, opts: RetryOptions) => {
      if (!opts.failed) throw new UsageError('say which messages: --failed');
      const total: Redriven = { retried: 0, ids: [], more: false };
      for (let page: Redriven | undefined; !page || (page.more && page.retried > 0);) {
        page = await ctx.client.json<Redriven>('POST', '/notifications/retry', {
          body: { status: 'failed', since: opts.since, limit: opts.limit, ...(opts.until && { until: opts.until }), ...(opts.enterprise && { enterpriseId: opts.enterprise }) },
        });
        total.retried += page.retried;
        total.ids.push(...page.ids);
      }
      emit(ctx.json, total, (r) => (r.retried === 0 ? 'no failed messages in that time' : `re-queued ${r.retried} failed message(s): ${r.ids.join(', ')}`));
    }));
}
