import type { FastifyInstance } from 'fastify';
import { createEnterprise, updateEnterpriseEntry, type NewEnterpriseInput } from '../../services/directory/enterprises';
import { directoryChanges, noRecipientRecords, type RecordPage } from '../../services/directory/records';
import type { Principal } from '../../domain/principal';
import type { ApiContext } from '../context';
import { changeSchema, contactList, enterpriseSchema, missSchema, presentChange, presentEnterprise, presentMiss } from '../present-directory';
import { historyQuery, id, idParams, nullable, responses, yuan } from '../schemas';

const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const externalId = { type: 'string', maxLength: 200, description: "the platform's own identifier, unique among enterprises" } as const;

const newEnterprise = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: {
    name,
    externalId,
    ma: {
      type: 'object', additionalProperties: false, description: "the MA account (default name: the enterprise's)",
      properties: { name, externalId: { ...externalId, description: "the platform's identifier of the MA account" }, contacts: contactList },
    },
    financeContacts: { ...contactList, description: 'who hears enterprise-wide messages (credit changes, contract reminders)' },
    approvalThreshold: nullable({ ...yuan, description: 'second-admin approval at or above this amount; null or absent: off' }),
  },
} as const;

const recordQuery = {
  ...historyQuery,
  properties: { ...historyQuery.properties, accountId: { ...id, description: "only this account's records" } },
} as const;

const created = { type: 'object', properties: { created: { type: 'boolean' }, enterprise: enterpriseSchema } } as const;
const page = (item: object) => ({ type: 'object', properties: { items: { type: 'array', items: item }, next: nullable({ type: 'string' }) } });
const nextOf = <T extends { id: bigint }>(rows: T[], limit: number) => (rows.length === limit ? rows[rows.length - 1]!.id.toString() : null);

type EnterpriseParams = { Params: { enterpriseId: number } };
type RecordParams = EnterpriseParams & { Querystring: RecordPage };

/** Enterprises as platform ops create and rename them, and the enterprise's directory records. */
export function directoryEnterpriseRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['directory'];

  app.post<{ Body: NewEnterpriseInput }>('/enterprises', {
    schema: {
      tags, summary: 'Create an enterprise with its MA account and contacts (platform ops); idempotent by externalId (200 with the existing one)',
      body: newEnterprise, response: { ...responses(created, 201), 200: created },
    },
  }, async (request, reply) => {
    const result = await createEnterprise(db, request.principal, request.body);
    return reply.status(result.created ? 201 : 200).send({ created: result.created, enterprise: presentEnterprise(result.enterprise) });
  });

  app.patch<EnterpriseParams & { Body: { name?: string; externalId?: string | null } }>('/enterprises/:enterpriseId', {
    schema: {
      tags, summary: 'Rename an enterprise or change its externalId (platform ops)', params: idParams('enterpriseId'),
      body: { type: 'object', additionalProperties: false, properties: { name, externalId: nullable(externalId) } },
      response: responses(enterpriseSchema),
    },
  }, async (request) => presentEnterprise(await updateEnterpriseEntry(db, request.principal, request.params.enterpriseId, request.body)));

  const records = <R extends { id: bigint }>(
    path: string, summary: string, item: object, list: (p: Principal, id: number, page: RecordPage) => Promise<R[]>, present: (r: R) => object,
  ) => app.get<RecordParams>(`/enterprises/:enterpriseId/${path}`, {
    schema: { tags, summary, params: idParams('enterpriseId'), querystring: recordQuery, response: responses(page(item)) },
  }, async (request) => {
    const rows = await list(request.principal, request.params.enterpriseId, request.query);
    return { items: rows.map(present), next: nextOf(rows, request.query.limit) };
  });
  records('changes', 'Who changed the directory (enterprise, accounts, contacts, settings, tokens), newest first',
    changeSchema, (p, id, q) => directoryChanges(db, p, id, q), presentChange);
  records('notifications/no-recipient', 'Events that reached nobody for an account (or the enterprise): no contact there asked for them',
    missSchema, (p, id, q) => noRecipientRecords(db, p, id, q), presentMiss);
}
