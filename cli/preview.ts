import type { CommandContext } from './run';
import { emit } from './output';

/** A preview as the API answers it (GET …/preview): the most allowed now, the term limiting it, and why. */
export interface Preview {
  maximum: string;
  limitedBy: string;
  message: string;
  amount?: string;
  allowed?: boolean;
  approval?: { threshold: string | null; required: boolean };
}

function render(p: Preview): string {
  const verdict = p.amount === undefined ? ''
    : `\n${p.amount} yuan: ${p.allowed ? 'allowed' : 'not allowed'}${p.approval?.required ? ', and needs a second admin' : ''}`;
  return `${p.message}${verdict}`;
}

/** Prints the ledger's preview of an operation (with --json, the whole answer). */
export async function showPreview(ctx: CommandContext, path: string, query: Record<string, string | number | boolean | undefined>): Promise<void> {
  emit(ctx.json, await ctx.client.get<Preview>(path, query), render);
}
