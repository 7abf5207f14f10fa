import type { FastifyInstance } from 'fastify';
import { MAX_IMPORT_ROWS } from '../../domain/import-rows';
import { importAccounts, type ImportMode } from '../../services/directory/import';
import type { ApiContext } from '../context';
import { contactList } from '../present-directory';
import { idParams, responses } from '../schemas';

/** 10,000 rows with a few contacts each fit well inside this; the rest of the API keeps the 1 MB limit. */
const IMPORT_BODY_LIMIT = 8 * 1024 * 1024;

const jsonRows = {
  type: 'object',
  required: ['rows'],
  additionalProperties: false,
  properties: {
    rows: {
      type: 'array', maxItems: MAX_IMPORT_ROWS, description: 'one item per account; a problem names its position from 1 as its line',
      items: { type: 'object', properties: { externalId: { type: 'string' }, name: { type: 'string' }, contacts: contactList } },
    },
  },
} as const;

const CSV_HELP = 'CSV with a header line: externalId,name[,email][,phone][,events]; several addresses or events in one cell are separated by ";"';

const rowError = { type: 'object', properties: { line: { type: 'integer' }, field: { type: 'string' }, message: { type: 'string' } } } as const;
const report = {
  type: 'object',
  properties: {
    mode: { type: 'string' }, dryRun: { type: 'boolean' }, applied: { type: 'boolean' },
    counts: { type: 'object', properties: { create: { type: 'integer' }, update: { type: 'integer' }, unchanged: { type: 'integer' }, failed: { type: 'integer' } } },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          line: { type: 'integer' }, externalId: { type: 'string' }, action: { type: 'string', enum: ['create', 'update', 'unchanged'] },
          accountId: { type: ['integer', 'null'] }, changes: { type: 'array', items: { type: 'string' } },
        },
      },
    },
    errors: { type: 'array', items: rowError },
  },
} as const;

type ImportRequest = { Params: { enterpriseId: number }; Querystring: { mode: ImportMode; dryRun: boolean } };

/** Bulk import of member accounts from CSV or JSON (platform ops), idempotent by externalId. */
export function directoryImportRoutes(app: FastifyInstance, { db }: ApiContext): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.post<ImportRequest>('/enterprises/:enterpriseId/accounts/import', {
    bodyLimit: IMPORT_BODY_LIMIT,
    schema: {
      tags: ['directory'],
      summary: `Import up to ${MAX_IMPORT_ROWS} member accounts (platform ops): created, updated or left alone by externalId`,
      description: `${CSV_HELP}. Send text/csv, or application/json {"rows": [...]}. all-or-nothing (the default) changes nothing if any row is bad and answers IMPORT_INVALID with every row's problem; best-effort writes the good rows and reports the bad ones; dryRun reports and writes nothing.`,
      params: idParams('enterpriseId'),
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          mode: { type: 'string', enum: ['all-or-nothing', 'best-effort'], default: 'all-or-nothing' },
          dryRun: { type: 'boolean', default: false, description: 'report what would be created, updated or left alone; write nothing' },
        },
      },
      body: { content: { 'application/json': { schema: jsonRows }, 'text/csv': { schema: { type: 'string', description: CSV_HELP } } } },
      response: responses(report),
    },
  }, async (request) => {
    const upload = { body: request.body, format: typeof request.body === 'string' ? 'csv' as const : 'json' as const };
    return importAccounts(db, request.principal, request.params.enterpriseId, upload, request.query);
  });
}
