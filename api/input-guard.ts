import type { FastifyInstance } from 'fastify';
import { UamError } from '../core/errors';

/**
 * Text a person can type: no NUL or other control characters (tab and line breaks excepted, for free text
 * such as reasons), no C1 controls. Postgres refuses NUL in text outright, and none of these ever belong in
 * an id, an amount or a name.
 */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

const join = (path: string, key: string) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key);

/** The first field (as `items[0].reason`) whose name or text holds a control character. */
function controlIn(value: unknown, path: string): string | undefined {
  if (typeof value === 'string') return CONTROL.test(value) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const field = join(path, key);
    if (CONTROL.test(key)) return field;
    const found = controlIn(inner, field);
    if (found) return found;
  }
  return undefined;
}

/** Refuses, before validation and for every route, any input text holding a control character, naming the field. */
export function refuseControlCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const parts = { params: request.params, query: request.query, body: request.body } as const;
    for (const [part, value] of Object.entries(parts)) {
      const field = controlIn(value, '');
      if (field !== undefined) {
        throw new UamError('VALIDATION_FAILED', `${field || part}: must not contain control characters`, { field: field || part, in: part });
      }
    }
  });
}
