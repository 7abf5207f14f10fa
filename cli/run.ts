import { type Command, InvalidArgumentError } from 'commander';
import { asUamError } from '../core/failures';
import { formatYuan, parseYuan } from '../domain/money';
import { ApiClient, ApiFault, ApiRefusal } from './client';
import { printJson } from './output';

/** Exit codes: scripts can tell a mistake in the command from a refusal by uam from a fault. */
export const EXIT = { ok: 0, fault: 1, usage: 2, refused: 3 } as const;

/** A mistake in how the command was typed, found before asking the API. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface CommandContext {
  client: ApiClient;
  json: boolean;
}

export const DEFAULT_API_URL = 'http://127.0.0.1:3000';

/** Adds the options every API command shares (they may also be given before the command name). */
export function apiOptions(cmd: Command): Command {
  return cmd
    .option('--json', 'print JSON instead of a table (for scripts)')
    .option('--token <token>', 'API token (default: $UAM_TOKEN)')
    .option('--api-url <url>', `API address (default: $UAM_API_URL or ${DEFAULT_API_URL})`);
}

function context(command: Command): CommandContext {
  const opts = command.optsWithGlobals<{ json?: boolean; token?: string; apiUrl?: string }>();
  const token = opts.token ?? process.env.UAM_TOKEN;
  if (!token) throw new UsageError('no API token: pass --token or set UAM_TOKEN (create one with `uam tokens create`)');
  const apiUrl = opts.apiUrl ?? process.env.UAM_API_URL ?? DEFAULT_API_URL;
  return { client: new ApiClient({ apiUrl, token }), json: Boolean(opts.json) };
}

function report(err: unknown, json: boolean): number {
  if (err instanceof ApiRefusal) {
    if (json) printJson({ error: err.body });
    else {
      console.error(`✗ ${err.body.code}: ${err.body.message}`);
      for (const [k, v] of Object.entries(err.body.details)) console.error(`  ${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
    }
    return EXIT.refused;
  }
  // A mistake in the command, or a refusal found before asking the API (commands that use the database directly).
  const uam = err instanceof UsageError ? undefined : asUamError(err);
  if (err instanceof UsageError || (uam && uam.status < 500)) {
    console.error(`✗ ${uam?.message ?? (err as Error).message}`);
    return EXIT.usage;
  }
  const fault = err instanceof ApiFault ? err.message : uam ? `${uam.code}: ${uam.message}` : `unexpected error: ${(err as Error)?.message ?? String(err)}`;
  console.error(`✗ ${fault}`);
  if (!(err instanceof ApiFault) && process.env.DEBUG) console.error(err);
  return EXIT.fault;
}

/**
 * Wraps a command's action: builds the API client from the options and environment, and turns what goes
 * wrong into a message on stderr and the matching exit code.
 */
export function run<A extends unknown[]>(handler: (ctx: CommandContext, ...args: A) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    let json = false;
    try {
      json = Boolean(command.optsWithGlobals<{ json?: boolean }>().json);
      await handler(context(command), ...(args.slice(0, -1) as A));
    } catch (err) {
      process.exitCode = report(err, json);
    }
  };
}

/** Commander argument parsers: a bad value is a usage error that names the option. */
export const parseId = (value: string): number => {
  if (!/^\d{1,10}$/.test(value) || Number(value) < 1) throw new InvalidArgumentError('must be a positive whole number');
  return Number(value);
};

export const parseIds = (value: string): number[] => value.split(',').map((v) => parseId(v.trim()));

/** Checks an amount locally (same rules as the API) and passes it on as the canonical yuan string. */
export const parseAmount = (value: string): string => {
  try {
    return formatYuan(parseYuan(value, { allowZero: false }));
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^amount: /, ''));
  }
};

export const parseThreshold = (value: string): string => {
  try {
    return formatYuan(parseYuan(value, { allowZero: true }));
  } catch (err) {
    throw new InvalidArgumentError((err as Error).message.replace(/^amount: /, ''));
  }
};

/** Help text examples, shown after the options. */
export const examples = (...lines: string[]) => `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`;
