import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { type Action, reachesAccount, reachesEnterprise, requirePermission } from '../domain/permissions';
import { actorOf, type Principal } from '../domain/principal';
import { principalForToken } from '../services/principals';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `authenticate` (see `requireToken`); null only on public routes. */
    principal: Principal;
  }
}

const BEARER = /^Bearer\s+(\S{1,200})$/i;
/** Cookie the console sets so a browser can open the queue dashboard (SameSite=Strict, path /admin). */
export const TOKEN_COOKIE = 'uam_token';

function tokenOf(request: FastifyRequest, cookie: boolean): string | undefined {
  const bearer = BEARER.exec(request.headers.authorization ?? '')?.[1];
  if (bearer || !cookie) return bearer;
  const pair = (request.headers.cookie ?? '').split(';').map((c) => c.trim()).find((c) => c.startsWith(`${TOKEN_COOKIE}=`));
  const value = pair ? decodeURIComponent(pair.slice(TOKEN_COOKIE.length + 1)) : '';
  return value.length > 0 && value.length <= 200 ? value : undefined;
}

/**
 * Who is calling: the principal of the request's token. A missing, unknown or revoked token is a 401 with the
 * same message, so a caller cannot tell which it was. `cookie` also accepts the console's cookie.
 */
export async function authenticate(db: Db, request: FastifyRequest, reply: FastifyReply, options: { cookie?: boolean } = {}): Promise<Principal> {
  const token = tokenOf(request, options.cookie ?? false);
  const principal = token ? await principalForToken(db, token) : null;
  if (!principal) {
    reply.header('www-authenticate', 'Bearer realm="uam"');
    throw new UamError('UNAUTHENTICATED', 'a valid API token is required: send "Authorization: Bearer <token>"');
  }
  request.principal = principal;
  request.log = request.log.child({ principal: principal.id, role: principal.role });
  return principal;
}

/** Adds authentication to every route registered in this (encapsulated) Fastify scope. */
export function requireToken(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request, reply) => {
    await authenticate(db, request, reply);
  });
}

/** 403 when the caller's role may never do `action`, whatever the target. */
export function authorize(request: FastifyRequest, action: Action): Principal {
  return requirePermission(request.principal, action);
}

/** The `actor` recorded with every change this request makes. */
export const actorFor = (request: FastifyRequest): string => actorOf(request.principal);

/** Authorizes `action` on an enterprise: 404 (not 403) when it lies outside the caller's scope or does not exist. */
export async function enterpriseFor(db: Db, request: FastifyRequest, action: Action, enterpriseId: number): Promise<number> {
  const p = authorize(request, action);
  const notFound = new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  if (!reachesEnterprise(p, enterpriseId)) throw notFound;
  // A principal's own enterprise exists (foreign key); only staff can name one that does not.
  if (p.enterpriseId === enterpriseId) return enterpriseId;
  const row = await db('enterprises').where({ id: enterpriseId }).first('id');
  if (!row) throw notFound;
  return enterpriseId;
}

export interface ScopedAccount {
  id: number;
  enterpriseId: number;
  kind: 'ma' | 'member';
}

/**
 * Authorizes `action` on an account: 404 when the account does not exist or lies outside the caller's scope —
 * the two answers are identical, so another enterprise's account ids reveal nothing.
 */
export async function accountFor(db: Db, request: FastifyRequest, action: Action, accountId: number): Promise<ScopedAccount> {
  const p = authorize(request, action);
  const row = await db('accounts').where({ id: accountId }).first('id', 'enterprise_id', 'kind');
  const account = row ? { id: row.id as number, enterpriseId: row.enterprise_id as number, kind: row.kind as ScopedAccount['kind'] } : null;
  return requireReach(p, accountId, account);
}

/** The account if the principal reaches it; missing and out of scope are the same 404. */
export function requireReach<A extends { id: number; enterpriseId: number }>(p: Principal, accountId: number, account: A | null): A {
  if (!account || !reachesAccount(p, account)) throw new UamError('ACCOUNT_NOT_FOUND', `account ${accountId} not found`, { accountId });
  return account;
}

/** Both ends of a transfer or withdrawal, authorized, in one enterprise. */
export async function accountPairFor(db: Db, request: FastifyRequest, action: Action, fromId: number, toId: number) {
  const from = await accountFor(db, request, action, fromId);
  const to = await accountFor(db, request, action, toId);
  if (from.enterpriseId !== to.enterpriseId) {
    // The caller reaches both (staff only): the rule, not the scope, refuses it.
    throw new UamError('CROSS_ENTERPRISE', 'both accounts must belong to the same enterprise', { from: fromId, to: toId });
  }
  return { from, to };
}
