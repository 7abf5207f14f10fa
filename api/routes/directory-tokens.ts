import type { FastifyInstance } from 'fastify';
import { ROLES } from '../../domain/principal';
import { createToken, listTokens, revokeToken, type NewTokenInput } from '../../services/directory/tokens';
import type { ApiContext } from '../context';
import { presentToken, tokenSchema } from '../present-directory';
import { id, idParams, responses } from '../schemas';

const issued = {
  type: 'object',
  properties: { token: { type: 'string', description: 'shown once: only its hash is kept' }, principal: tokenSchema },
} as const;

/**
 * API tokens: platform ops manage every token (staff tokens stay with them); an enterprise admin its own
 * enterprise's — its members and a second admin. Listed with who created each and when it was last used.
 */
export function directoryTokenRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['tokens'];

  app.get<{ Querystring: { enterpriseId?: number; prefix?: string; after?: number; limit: number } }>('/tokens', {
    schema: {
      tags, summary: "Tokens of an enterprise (an admin: its own), or every token (ops), with creator and last use; keyset-paged",
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          enterpriseId: id, prefix: { type: 'string', minLength: 4, maxLength: 200, description: 'the first characters of the token' },
          after: { ...id, minimum: 0, description: 'the `next` of the previous page' }, limit: { type: 'integer', minimum: 1, maximum: 500, default: 100 },
        },
      },
      response: responses({ type: 'object', properties: { items: { type: 'array', items: tokenSchema }, next: { type: ['integer', 'null'] } } }),
    },
  }, async (request) => {
    const rows = await listTokens(db, request.principal, request.query);
    return { items: rows.map(presentToken), next: rows.length === request.query.limit ? rows[rows.length - 1]!.id : null };
  });

  app.post<{ Body: NewTokenInput }>('/tokens', {
    schema: {
      tags, summary: 'Issue a token: a member (with its account) or a second admin of an enterprise; staff roles by ops only',
      body: {
        type: 'object', required: ['role', 'name'], additionalProperties: false,
        properties: {
          role: { type: 'string', enum: ROLES }, name: { type: 'string', minLength: 1, maxLength: 200 },
          enterpriseId: { ...id, description: "default: the caller's own enterprise" }, accountId: { ...id, description: "a member's own account" },
        },
      },
      response: responses(issued, 201),
    },
  }, async (request, reply) => {
    const result = await createToken(db, request.principal, request.body);
    return reply.status(201).send({ token: result.token, principal: presentToken(result.principal) });
  });

  app.delete<{ Params: { tokenId: number } }>('/tokens/:tokenId', {
    schema: { tags, summary: 'Revoke a token: requests with it get 401 from then on', params: idParams('tokenId'), response: responses(tokenSchema) },
  }, async (request) => presentToken(await revokeToken(db, request.principal, request.params.tokenId)));
}
