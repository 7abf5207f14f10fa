import { UamError } from '../core/errors';

/** Rules for the directory's own fields: names and the platform's identifiers. Errors name the field. */

export const MAX_NAME = 200;
export const MAX_EXTERNAL_ID = 200;

// Control characters (NUL, line breaks, …) never belong in a name or an identifier.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

const invalid = (field: string, why: string) => new UamError('VALIDATION_FAILED', `${field}: ${why}`, { field });

/** A name: trimmed, 1–200 characters, no control characters. */
export function parseName(value: unknown, field = 'name'): string {
  if (typeof value !== 'string') throw invalid(field, `must be text of 1 to ${MAX_NAME} characters`);
  const name = value.trim();
  if (name.length < 1 || name.length > MAX_NAME) throw invalid(field, `must be 1 to ${MAX_NAME} characters (got ${name.length})`);
  if (CONTROL.test(name)) throw invalid(field, 'must not contain control characters');
  return name;
}

/**
 * The platform's own identifier of an enterprise or account: 1–200 characters, no spaces at either end, no
 * control characters. Absent (undefined, null or "") means none.
 */
export function parseExternalId(value: unknown, field = 'externalId'): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string') throw invalid(field, `must be text of 1 to ${MAX_EXTERNAL_ID} characters`);
  if (value.length > MAX_EXTERNAL_ID) throw invalid(field, `must be at most ${MAX_EXTERNAL_ID} characters`);
  if (value.trim() !== value) throw invalid(field, 'must not begin or end with spaces');
  if (CONTROL.test(value)) throw invalid(field, 'must not contain control characters');
  return value;
}

export interface EntryChange {
  name?: string;
  externalId?: string | null;
}

/** A rename and/or re-key of an enterprise or account, from user input: at least one of the two. */
export function parseEntryChange(input: { name?: unknown; externalId?: unknown }): EntryChange {
  const change: EntryChange = {
    ...(input.name !== undefined && { name: parseName(input.name) }),
    ...(input.externalId !== undefined && { externalId: parseExternalId(input.externalId) }),
  };
  if (Object.keys(change).length === 0) throw invalid('body', 'give a name or an externalId to change');
  return change;
}
