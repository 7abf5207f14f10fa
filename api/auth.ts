import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { UamError } from '../core/errors';
import type { Db } from '../db/connection';
import { type Action, requirePermission } from '../domain/permissions';
import type { Principal } from '../domain/principal';
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
