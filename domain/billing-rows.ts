import { readCsv } from './csv-reader';

/**
 * One line of a billing events file (`uam billing import`) as the event POST /billing/events takes, or why it
 * cannot be one. Only the shape is checked here; the API judges the values (amounts, periods, dates) per event.
 */
export interface EventRow {
  eventId: string;
  kind: string;
  accountId: number;
  amount: string;
  period?: string;
  usageTime?: string;
  validFrom?: string;
  validTo?: string;
}

export type ParsedRow = { event: EventRow; error?: undefined } | { error: string; event?: undefined };

export const EVENT_COLUMNS = ['eventId', 'kind', 'accountId', 'amount', 'period', 'usageTime', 'validFrom', 'validTo'] as const;
const REQUIRED = ['eventId', 'kind', 'accountId', 'amount'] as const;

function fromFields(fields: Record<string, unknown>): ParsedRow {
  for (const name of REQUIRED) {
    if (fields[name] === undefined || fields[name] === '') return { error: `${name}: is missing` };
  }
  const accountId = Number(fields.accountId);
  if (!Number.isInteger(accountId) || accountId < 1) return { error: 'accountId: must be a positive whole number' };
  const event: Record<string, unknown> = { accountId };
  for (const name of EVENT_COLUMNS) {
    if (name === 'accountId' || fields[name] === undefined || fields[name] === '') continue;
    if (typeof fields[name] !== 'string' && typeof fields[name] !== 'number') return { error: `${name}: must be text` };
    event[name] = String(fields[name]);
  }
  return { event: event as unknown as EventRow };
}

/** A JSON line: one event object. */
export function parseJsonLine(line: string): ParsedRow {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { error: 'is not JSON' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: 'must be one JSON object' };
  const unknown = Object.keys(value).find((k) => !(EVENT_COLUMNS as readonly string[]).includes(k));
  if (unknown) return { error: `${unknown}: is not a known field` };
  return fromFields(value as Record<string, unknown>);
}

/** The columns a CSV header names, or why it cannot be the header of an events file. */
export function parseCsvHeader(line: string): { columns: string[]; error?: undefined } | { error: string; columns?: undefined } {
  const columns = readCsv(line)[0]?.fields.map((f) => f.trim()) ?? [];
  const unknown = columns.find((c) => !(EVENT_COLUMNS as readonly string[]).includes(c));
  if (unknown !== undefined) return { error: `the header names an unknown column "${unknown}" (known: ${EVENT_COLUMNS.join(', ')})` };
  const missing = REQUIRED.find((c) => !columns.includes(c));
  if (missing) return { error: `the header has no ${missing} column` };
  return { columns };
}

/** A CSV line under `columns` (one line per event: fields may be quoted, but not span lines). */
export function parseCsvLine(line: string, columns: string[]): ParsedRow {
  let fields: string[];
  try {
    fields = readCsv(line)[0]?.fields ?? [];
  } catch (err) {
    return { error: (err as Error).message };
  }
  if (fields.length !== columns.length) return { error: `has ${fields.length} fields; the header has ${columns.length}` };
  return fromFields(Object.fromEntries(columns.map((c, i) => [c, fields[i]])));
}
