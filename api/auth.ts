import type { FastifyInstance, FastifyRequest } from 'fastify';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { type Action, reachesAccount, reachesEnterprise, roleMay } from '../domain/permissions';
import { actorOf, type Principal } from '../domain/principal';
import { principalForToken } from '../services/principals';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by `requireToken` on every route registered after it; absent only on public routes. */
    principal: Principal;
  }
}

const BEARER = /^Bearer\s+(\S{1,200})$/i;

/**
 * Adds bearer-token authentication to every route registered in this (encapsulated) Fastify scope. A missing,
 * unknown or revoked token is a 401 with the same message, so a caller cannot tell which it was.
 */
export function requireToken(app: FastifyInstance, db: Db): void {
  app.decorateRequest('principal', null as unknown as Principal);
  app.addHook('onRequest', async (request, reply) => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    const principal = match?.[1] ? await principalForToken(db, match[1]) : null;
    if (!principal) {
      reply.header('www-authenticate', 'Bearer realm="uam"');
      throw new UamError('UNAUTHENTICATED', 'a valid API token is required: send "Authorization: Bearer <token>"');
    }
    request.principal = principal;
    request.log = request.log.child({ principal: principal.id, role: principal.role });
  });
}

/** 403 when the caller's role may never do `action`, whatever the target. */
export function authorize(request: FastifyRequest, action: Action): Principal {
  const p = request.principal;
  if (!roleMay(p.role, action)) {
    throw new UamError('FORBIDDEN', `role ${p.role} may not ${action.replace('.', ' ')}`, { role: p.role, action });
  }
  return p;
}

/** The `actor` recorded with every change this request makes. */
export const actorFor = (request: FastifyRequest): string => actorOf(request.principal);

/** Authorizes `action` on an enterprise: 404 (not 403) when it lies outside the caller's scope or does not exist. */
export async function enterpriseFor(db: Db, request: FastifyRequest, action: Action, enterpriseId: number): Promise<number> {
  const p = authorize(request, action);
  const notFound = new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${enterpriseId} not found`, { enterpriseId });
  if (!reachesEnterprise(p, enterpriseId)) throw notFound;
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
  if (!account || !reachesAccount(p, account)) {
    throw new UamError('ACCOUNT_NOT_FOUND', `account ${accountId} not found`, { accountId });
  }
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
