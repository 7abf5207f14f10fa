import type { CommandContext } from './run';
import { withSpinner } from './spinner';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `path` until `done(status)` holds, showing the current stage on stderr while it waits. Workflows
 * answer in well under a second unless they wait for a person (an approval), which `done` should count as done.
 */
export async function waitFor<T extends { stage?: string }>(ctx: CommandContext, path: string, label: string, done: (s: T) => boolean, timeoutMs = 120_000): Promise<T> {
  let stage = 'starting';
  return withSpinner(() => `${label} (${stage.replace(/_/g, ' ')})`, async () => {
    const until = Date.now() + timeoutMs;
    for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
      const status = await ctx.client.get<T>(path);
      stage = status.stage ?? stage;
      if (done(status) || Date.now() > until) return status;
      await pause(delay);
    }
  });
}
