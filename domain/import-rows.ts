import { UamError } from '../core/errors';
import {
  CONTACT_EVENTS, MAX_CONTACTS, PHONE_FORMATS, isEmail, isPhone, parseContacts, type Contact,
} from './contacts';
import type { CsvRecord } from './csv-reader';
import { parseExternalId, parseName } from './directory';

/**
 * The rows of a bulk import of accounts, from CSV or JSON, checked one by one before anything is looked up:
 * every problem is reported with its line (a CSV line; for JSON, the row's position from 1), the field and why.
 */
export interface ImportRow {
  line: number;
  externalId: string;
  name: string;
  /** The account's contacts after the import; absent: leave them as they are. */
  contacts?: Contact[];
}

export interface RowError {
  line: number;
  field: string;
  message: string;
}

export interface ParsedRows {
  rows: ImportRow[];
  errors: RowError[];
}

export const MAX_IMPORT_ROWS = 10_000;

const COLUMNS: Record<string, string> = { externalid: 'externalId', name: 'name', email: 'email', emails: 'email', phone: 'phone', phones: 'phone', events: 'events' };

/** The why of a field error (its message without the leading "field: "). */
const why = (err: unknown) => (err instanceof UamError ? err.message.replace(/^[^:]*: /, '') : String(err));

function attempt<T>(errors: RowError[], line: number, field: string, parse: () => T): T | undefined {
  try {
    return parse();
  } catch (err) {
    errors.push({ line, field: err instanceof UamError && typeof err.details.field === 'string' ? err.details.field : field, message: why(err) });
    return undefined;
  }
}

/** Rows that passed, then each external id once: a second row with the same one is an error naming the first. */
function finish(rows: ImportRow[], errors: RowError[]): ParsedRows {
  const seen = new Map<string, number>();
  const unique = rows.filter((row) => {
    const first = seen.get(row.externalId);
    if (first !== undefined) errors.push({ line: row.line, field: 'externalId', message: `"${row.externalId}" is also on line ${first}` });
    else seen.set(row.externalId, row.line);
    return first === undefined;
  });
  return { rows: unique, errors: errors.sort((a, b) => a.line - b.line) };
}

function tooMany(count: number, field: string): void {
  if (count > MAX_IMPORT_ROWS) {
    throw new UamError('VALIDATION_FAILED', `${field}: at most ${MAX_IMPORT_ROWS} rows in one import (got ${count})`, { field, maximum: MAX_IMPORT_ROWS });
  }
  if (count === 0) throw new UamError('VALIDATION_FAILED', `${field}: no rows to import`, { field });
}

const cellList = (cell: string | undefined) => (cell ?? '').split(';').map((s) => s.trim()).filter(Boolean);

/** A CSV row's contacts: `email` and `phone` cells (several separated by ';'), all wanting the `events` cell's events. */
function csvContacts(cells: Record<string, string>, line: number, errors: RowError[]): Contact[] | undefined {
  const before = errors.length;
  const eventList = cellList(cells.events);
  const bad = eventList.filter((e) => !(CONTACT_EVENTS as readonly string[]).includes(e));
  if (bad.length > 0) errors.push({ line, field: 'events', message: `"${bad[0]}" is not an event; events are ${CONTACT_EVENTS.join(', ')}` });
  const events = eventList.length === 0 ? [...CONTACT_EVENTS] : CONTACT_EVENTS.filter((e) => eventList.includes(e));
  const contacts: Contact[] = [];
  for (const address of cellList(cells.email)) {
    if (!isEmail(address)) errors.push({ line, field: 'email', message: `"${address}" is not an e-mail address` });
    else if (!contacts.some((c) => c.address.toLowerCase() === address.toLowerCase())) contacts.push({ channel: 'email', address, events });
  }
  for (const address of cellList(cells.phone)) {
    if (!isPhone(address)) errors.push({ line, field: 'phone', message: `"${address}" is not a phone number: use ${PHONE_FORMATS}` });
    else if (!contacts.some((c) => c.address === address)) contacts.push({ channel: 'sms', address, events });
  }
  if (contacts.length > MAX_CONTACTS) errors.push({ line, field: 'email', message: `at most ${MAX_CONTACTS} contacts per account` });
  return errors.length === before ? contacts : undefined;
}

/** CSV with a header row: externalId, name, and optionally email, phone (several separated by ';') and events. */
export function rowsFromCsv(records: CsvRecord[]): ParsedRows {
  const [header, ...body] = records;
  if (!header) throw new UamError('VALIDATION_FAILED', 'file: empty; the first line names the columns (externalId,name,email,phone,events)', { field: 'file' });
  const columns = header.fields.map((f) => COLUMNS[f.trim().toLowerCase().replace(/[\s_-]/g, '')]);
  const unknown = header.fields.find((_, i) => columns[i] === undefined);
  if (unknown !== undefined) {
    throw new UamError('IMPORT_INVALID', `line 1: "${unknown}" is not a column; columns are externalId, name, email, phone, events`, {
      errors: [{ line: 1, field: unknown, message: 'is not a known column' }],
    });
  }
  for (const required of ['externalId', 'name']) {
    if (!columns.includes(required)) throw new UamError('IMPORT_INVALID', `line 1: the "${required}" column is missing`, { errors: [{ line: 1, field: required, message: 'column is missing' }] });
  }
  tooMany(body.length, 'file');
  const withContacts = columns.includes('email') || columns.includes('phone');
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  for (const { line, fields } of body) {
    if (fields.length !== columns.length) {
      errors.push({ line, field: 'row', message: `has ${fields.length} fields; the header has ${columns.length}` });
      continue;
    }
    const cells = Object.fromEntries(columns.map((c, i) => [c!, fields[i]!]));
    const before = errors.length;
    const externalId = attempt(errors, line, 'externalId', () => parseExternalId(cells.externalId));
    if (externalId === null) errors.push({ line, field: 'externalId', message: 'is required: it makes a second import update the account instead of adding another' });
    const name = attempt(errors, line, 'name', () => parseName(cells.name));
    const contacts = withContacts ? csvContacts(cells, line, errors) : undefined;
    if (errors.length === before) rows.push({ line, externalId: externalId!, name: name!, ...(withContacts && { contacts: contacts! }) });
  }
  return finish(rows, errors);
}

/** JSON: `[{ externalId, name, contacts? }]`; a row's line is its position from 1. */
export function rowsFromJson(items: unknown): ParsedRows {
  if (!Array.isArray(items)) throw new UamError('VALIDATION_FAILED', 'rows: must be a list of accounts', { field: 'rows' });
  tooMany(items.length, 'rows');
  const rows: ImportRow[] = [];
  const errors: RowError[] = [];
  items.forEach((item: unknown, i) => {
    const line = i + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      errors.push({ line, field: 'row', message: 'must be an object with externalId and name' });
      return;
    }
    const raw = item as Record<string, unknown>;
    const before = errors.length;
    const unknown = Object.keys(raw).find((k) => !['externalId', 'name', 'contacts'].includes(k));
    if (unknown) errors.push({ line, field: unknown, message: 'is not a known field' });
    const externalId = attempt(errors, line, 'externalId', () => parseExternalId(raw.externalId));
    if (externalId === null) errors.push({ line, field: 'externalId', message: 'is required: it makes a second import update the account instead of adding another' });
    const name = attempt(errors, line, 'name', () => parseName(raw.name));
    const contacts = 'contacts' in raw ? attempt(errors, line, 'contacts', () => parseContacts(raw.contacts)) : undefined;
    if (errors.length === before) rows.push({ line, externalId: externalId!, name: name!, ...(contacts && { contacts }) });
  });
  return finish(rows, errors);
}
