import { UamError, isErrorCode } from '../core/errors';
import { refusalMessage } from '../domain/refusals';

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
  hint?: string;
  message?: string;
}

function asPgError(err: unknown): PgError | undefined {
  return typeof err === 'object' && err !== null && 'code' in err ? (err as PgError) : undefined;
}

/** Serialization failure or deadlock: the whole transaction may simply be run again. */
export function isRetryableTxError(err: unknown): boolean {
  const code = asPgError(err)?.code;
  return code === '40001' || code === '40P01';
}

/** Knex prefixes a database error's message with the SQL that failed; users never need to see our queries. */
export const stripQueryPrefix = (message: string): string =>
  message.replace(/^\s*(?:select|insert|update|delete|with|call)\b[\s\S]*? - /i, '');

/**
 * The one place Postgres errors become typed errors. Ledger functions raise SQLSTATE P0001 with the uam
 * error code in HINT and JSON details in DETAIL; constraint violations map to conflicts.
 */
export function mapDbError(err: unknown): unknown {
  if (err instanceof UamError) return err;
  const pgErr = asPgError(err);
  if (!pgErr) return err;
  if (pgErr.code === 'P0001' && isErrorCode(pgErr.hint)) {
    let details: Record<string, unknown> = {};
    try {
      details = pgErr.detail ? (JSON.parse(pgErr.detail) as Record<string, unknown>) : {};
    } catch {
      details = { detail: pgErr.detail };
    }
    return new UamError(pgErr.hint, refusalMessage(pgErr.hint, details) ?? stripQueryPrefix(pgErr.message ?? pgErr.hint), details);
  }
  if (pgErr.code === '23505') return new UamError('CONFLICT', 'That record already exists', { constraint: pgErr.constraint });
  if (pgErr.code === '23503') return new UamError('NOT_FOUND', 'A referenced record does not exist', { constraint: pgErr.constraint });
  if (pgErr.code === '23514') return new UamError('INVALID_STATE', `The change breaks the rule ${pgErr.constraint ?? ''}`.trim(), { constraint: pgErr.constraint });
  if (pgErr.code === '22P02' || pgErr.code === '22003') return new UamError('VALIDATION_FAILED', 'A value has the wrong format or is out of range');
  return err;
}
