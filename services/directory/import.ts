import type { Knex } from 'knex';
import { UamError } from '../../core/errors';
import { accountsByExternalIds, insertAccounts, lockAccountCreation, renameAccounts, type AccountEntry } from '../../db/directory/accounts';
import { recordChanges, type DirectoryChange } from '../../db/directory/changes';
import { contactsOfAccounts, replaceManyContacts } from '../../db/directory/contacts';
import { transaction } from '../../db/transaction';
import { sameContacts, type Contact } from '../../domain/contacts';
import { CsvSyntaxError, readCsv } from '../../domain/csv-reader';
import { rowsFromCsv, rowsFromJson, type ImportRow, type ParsedRows, type RowError } from '../../domain/import-rows';
import { actorOf, type Principal } from '../../domain/principal';
import { reachEnterprise } from './scope';

export type ImportMode = 'all-or-nothing' | 'best-effort';
export type RowAction = 'create' | 'update' | 'unchanged';

export interface ImportOptions {
  mode: ImportMode;
  dryRun: boolean;
}

export interface RowOutcome {
  line: number;
  externalId: string;
  action: RowAction;
  /** The account it created, updated or left alone (null for a dry-run creation). */
  accountId: number | null;
  /** For an update: what changes (name, contacts). */
  changes?: string[];
}

export interface ImportReport {
  mode: ImportMode;
  dryRun: boolean;
  /** Whether the rows were written (never on a dry run, nor in all-or-nothing mode with a bad row). */
  applied: boolean;
  counts: { create: number; update: number; unchanged: number; failed: number };
  rows: RowOutcome[];
  errors: RowError[];
}

/** The rows of a CSV file or a JSON list, checked one by one (nothing looked up yet). */
function parseImport(body: unknown, format: 'csv' | 'json'): ParsedRows {
  if (format === 'json') return rowsFromJson((body as { rows?: unknown } | null)?.rows);
  try {
    return rowsFromCsv(readCsv(typeof body === 'string' ? body : ''));
  } catch (err) {
    if (!(err instanceof CsvSyntaxError)) throw err;
    throw new UamError('IMPORT_INVALID', `line ${err.line}: ${err.message}`, { errors: [{ line: err.line, field: 'file', message: err.message }] });
  }
}

type Plan = { row: ImportRow; action: RowAction; account?: AccountEntry; changes: string[] };

/** What each valid row does to the enterprise's accounts, judged against what is there now. */
async function plan(trx: Knex.Transaction, enterpriseId: number, rows: ImportRow[], errors: RowError[]): Promise<Plan[]> {
  const found = await accountsByExternalIds(trx, rows.map((r) => r.externalId));
  const contacts = await contactsOfAccounts(trx, [...found.values()].filter((a) => a.enterpriseId === enterpriseId).map((a) => a.id));
  const plans: Plan[] = [];
  for (const row of rows) {
    const account = found.get(row.externalId);
    if (!account) {
      plans.push({ row, action: 'create', changes: [] });
      continue;
    }
    if (account.enterpriseId !== enterpriseId) {
      errors.push({ line: row.line, field: 'externalId', message: `"${row.externalId}" identifies an account of another enterprise` });
      continue;
    }
    const changes = [
      ...(account.name !== row.name ? ['name'] : []),
      ...(row.contacts && !sameContacts(row.contacts, contacts.get(account.id) ?? []) ? ['contacts'] : []),
    ];
    if (changes.length > 0 && account.status === 'closed') {
      errors.push({ line: row.line, field: changes[0]!, message: `account ${account.id} is closed: reopen it before changing it` });
      continue;
    }
    plans.push({ row, action: changes.length > 0 ? 'update' : 'unchanged', account, changes });
  }
  errors.sort((a, b) => a.line - b.line);
  return plans;
}

/** Writes the plan set-wise: a handful of statements whatever the number of rows. Returns each row's account id. */
async function apply(trx: Knex.Transaction, enterpriseId: number, plans: Plan[], actor: string): Promise<Map<number, number>> {
  const creates = plans.filter((p) => p.action === 'create');
  const ids = await insertAccounts(trx, enterpriseId, creates.map((p) => ({ kind: 'member', name: p.row.name, externalId: p.row.externalId })));
  const accountOf = new Map<number, number>(plans.flatMap((p) => (p.account ? [[p.row.line, p.account.id] as [number, number]] : [])));
  creates.forEach((p, i) => accountOf.set(p.row.line, ids[i]!));
  const updates = plans.filter((p) => p.action === 'update');
  await renameAccounts(trx, updates.filter((p) => p.changes.includes('name')).map((p) => ({ id: p.account!.id, name: p.row.name })));
  const contactRows = [...creates, ...updates.filter((p) => p.changes.includes('contacts'))].filter((p) => p.row.contacts);
  await replaceManyContacts(trx, enterpriseId, new Map(contactRows.map((p) => [accountOf.get(p.row.line)!, p.row.contacts as Contact[]])));
  const changes: DirectoryChange[] = [...creates, ...updates].map((p) => ({
    enterpriseId, accountId: accountOf.get(p.row.line)!, actor,
    action: p.action === 'create' ? 'account.created' : 'account.updated',
    details: { import: true, name: p.row.name, externalId: p.row.externalId, ...(p.action === 'update' && { changes: p.changes }) },
  }));
  const counted = (a: RowAction) => plans.filter((p) => p.action === a).length;
  changes.push({ enterpriseId, action: 'accounts.imported', actor, details: { created: counted('create'), updated: counted('update'), unchanged: counted('unchanged') } });
  await recordChanges(trx, changes);
  return accountOf;
}

/**
 * Imports accounts into an enterprise (platform ops), idempotent by external id: new ones are created,
 * changed ones updated (name; contacts when the row gives them), the rest left alone. All-or-nothing mode
 * answers IMPORT_INVALID listing every row's problem and changes nothing if any row is bad; best-effort mode
 * writes the good rows and reports the bad ones. A dry run reports what would happen and writes nothing.
 */
export async function importAccounts(
  db: Knex, principal: Principal, enterpriseId: number, upload: { body: unknown; format: 'csv' | 'json' }, options: ImportOptions,
): Promise<ImportReport> {
  await reachEnterprise(db, principal, 'directory.write', enterpriseId);
  const parsed = parseImport(upload.body, upload.format);
  const errors = [...parsed.errors];
  return transaction(db, async (trx) => {
    await lockAccountCreation(trx, enterpriseId);
    const plans = await plan(trx, enterpriseId, parsed.rows, errors);
    const refused = options.mode === 'all-or-nothing' && errors.length > 0;
    if (refused && !options.dryRun) {
      throw new UamError('IMPORT_INVALID', `${errors.length} problem(s) in the import; nothing was changed. First: line ${errors[0]!.line}, ${errors[0]!.field}: ${errors[0]!.message}`, { errors });
    }
    const accountOf = options.dryRun ? new Map<number, number>() : await apply(trx, enterpriseId, plans, actorOf(principal));
    const count = (a: RowAction) => plans.filter((p) => p.action === a).length;
    return {
      mode: options.mode, dryRun: options.dryRun, applied: !options.dryRun,
      counts: { create: count('create'), update: count('update'), unchanged: count('unchanged'), failed: new Set(errors.map((e) => e.line)).size },
      rows: plans.map((p) => ({
        line: p.row.line, externalId: p.row.externalId, action: p.action,
        accountId: accountOf.get(p.row.line) ?? p.account?.id ?? null, ...(p.changes.length > 0 && { changes: p.changes }),
      })),
      errors,
    };
  });
}
