import type { Principal } from '../domain/principal';
import type { CommandContext } from './run';
import { UsageError } from './run';

/** The enterprise a command acts on: --enterprise, else the caller's own (enterprise admins and members). */
export async function enterpriseOf(ctx: CommandContext, given?: number): Promise<number> {
  if (given !== undefined) return given;
  const me = await ctx.client.get<Principal>('/me');
  if (me.enterpriseId === null) throw new UsageError(`as ${me.role} you serve every enterprise: say which with --enterprise <id>`);
  return me.enterpriseId;
}
