import type { FastifyInstance } from 'fastify';
import { addAccount, updateAccountEntry, type NewAccountInput } from '../../services/directory/accounts';
import { closeAccountEntry, reopenAccountEntry, type ClosingResult } from '../../services/directory/closing';
import { accountContacts, setAccountContacts } from '../../services/directory/contacts';
import type { ApiContext } from '../context';
import { contactList, presentContacts } from '../present-directory';
import { presentAccount } from '../present';
import { accountSchema, idParams, nullable, responses } from '../schemas';

const name = { type: 'string', minLength: 1, maxLength: 200 } as const;
const externalId = { type: 'string', maxLength: 200, description: "the platform's own identifier, unique among accounts" } as const;

const added = { type: 'object', properties: { created: { type: 'boolean' }, account: accountSchema } } as const;
const closing = { type: 'object', properties: { changed: { type: 'boolean' }, account: accountSchema } } as const;
const contacts = { type: 'object', properties: { accountId: { type: 'integer' }, contacts: contactList } } as const;

const presentClosing = (r: ClosingResult) => ({ changed: r.changed, account: presentAccount(r.account) });

type AccountParams = { Params: { accountId: number } };
type ClosingParams = AccountParams & { Body: { reason?: string } | undefined };

/** Optional: a request without a body (no content type) is not validated against it. */
const reasonBody = {
  content: {
    'application/json': {
      schema: {
        type: 'object', additionalProperties: false,
        properties: { reason: { type: 'string', minLength: 1, maxLength: 2000, description: 'why (kept with the change record)' } },
      },
    },
  },
} as const;

/** Member accounts as platform ops add, close and reopen them; names and contacts as the enterprise admin edits them. */
export function directoryAccountRoutes(app: FastifyInstance, { db }: ApiContext): void {
  const tags = ['directory'];

  app.post<{ Params: { enterpriseId: number }; Body: NewAccountInput }>('/enterprises/:enterpriseId/accounts', {
    schema: {
      tags, summary: 'Add a member account with its contacts (platform ops); idempotent by externalId (200 with the existing one)',
      params: idParams('enterpriseId'),
      body: { type: 'object', required: ['name'], additionalProperties: false, properties: { name, externalId, contacts: contactList } },
      response: { ...responses(added, 201), 200: added },
    },
  }, async (request, reply) => {
    const result = await addAccount(db, request.principal, request.params.enterpriseId, request.body);
    return reply.status(result.created ? 201 : 200).send({ created: result.created, account: presentAccount(result.account) });
  });

  app.patch<AccountParams & { Body: { name?: string; externalId?: string | null } }>('/accounts/:accountId', {
    schema: {
      tags, summary: 'Rename an account (platform ops; the enterprise admin) or change its externalId (platform ops)',
      params: idParams('accountId'),
      body: { type: 'object', additionalProperties: false, properties: { name, externalId: nullable(externalId) } },
      response: responses(accountSchema),
    },
  }, async (request) => presentAccount(await updateAccountEntry(db, request.principal, request.params.accountId, request.body)));

  app.post<ClosingParams>('/accounts/:accountId/close', {
    schema: {
      tags, summary: 'Close an account that holds nothing (platform ops); refused with ACCOUNT_NOT_EMPTY listing each kind of money left',
      params: idParams('accountId'), body: reasonBody, response: responses(closing),
    },
  }, async (request) => presentClosing(await closeAccountEntry(db, request.principal, request.params.accountId, request.body?.reason)));

  app.post<ClosingParams>('/accounts/:accountId/reopen', {
    schema: { tags, summary: 'Reopen a closed account (platform ops)', params: idParams('accountId'), body: reasonBody, response: responses(closing) },
  }, async (request) => presentClosing(await reopenAccountEntry(db, request.principal, request.params.accountId, request.body?.reason)));

  app.get<AccountParams>('/accounts/:accountId/contacts', {
    schema: { tags, summary: "An account's contacts and the events each wants", params: idParams('accountId'), response: responses(contacts) },
  }, async (request) => ({
    accountId: request.params.accountId,
    contacts: presentContacts(await accountContacts(db, request.principal, request.params.accountId)),
  }));

  app.put<AccountParams & { Body: { contacts: unknown } }>('/accounts/:accountId/contacts', {
    schema: {
      tags, summary: "Replace an account's contacts (platform ops; the enterprise admin)", params: idParams('accountId'),
      body: { type: 'object', required: ['contacts'], additionalProperties: false, properties: { contacts: contactList } },
      response: responses(contacts),
    },
  }, async (request) => ({
    accountId: request.params.accountId,
    contacts: presentContacts(await setAccountContacts(db, request.principal, request.params.accountId, request.body.contacts)),
  }));
}
