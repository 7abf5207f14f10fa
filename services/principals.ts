import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { UamError } from '../core/errors';
import { preparedRows } from '../db/prepared';
import { isStaff, type Principal, type Role } from '../domain/principal';

type Conn = Knex | Knex.Transaction;

/** Tokens look like `uam_<43 base64url chars>`; only their sha256 is stored, with a short prefix to recognise them. */
const TOKEN_PREFIX = 'uam_';

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

export function newToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export interface NewPrincipal {
  name: string;
  role: Role;
  enterpriseId?: number | null;
  accountId?: number | null;
  email?: string | null;
  phone?: string | null;
  /** Only for demo data: a fixed token instead of a random one. */
  token?: string;
  /** Who issued it (an actor string, `principal:<id>:<name>`); default 'system'. */
  createdBy?: string;
}

export interface IssuedToken {
  principal: Principal;
  /** Shown once; never stored. */
  token: string;
}

function toPrincipal(r: Record<string, unknown>): Principal {
  return {
    id: r.id as number,
    name: r.name as string,
    role: r.role as Role,
    enterpriseId: (r.enterprise_id as number | null) ?? null,
    accountId: (r.account_id as number | null) ?? null,
  };
}

/** Checks the scope a role needs against the real enterprise and account before the schema's CHECK would. */
async function validateScope(db: Conn, p: NewPrincipal): Promise<void> {
  const staff = isStaff(p);
  if (staff && (p.enterpriseId || p.accountId)) {
    throw new UamError('VALIDATION_FAILED', `${p.role} is a platform staff role: give no enterprise or account`, { field: 'enterprise' });
  }
  if (staff) return;
  if (!p.enterpriseId) throw new UamError('VALIDATION_FAILED', `${p.role} needs an enterprise`, { field: 'enterprise' });
  const enterprise = await db('enterprises').where({ id: p.enterpriseId }).first('id');
  if (!enterprise) throw new UamError('ENTERPRISE_NOT_FOUND', `enterprise ${p.enterpriseId} does not exist`, { enterpriseId: p.enterpriseId });
  if (p.role === 'member' && !p.accountId) throw new UamError('VALIDATION_FAILED', 'member needs an account', { field: 'account' });
  if (p.accountId) {
    const account = await db('accounts').where({ id: p.accountId, enterprise_id: p.enterpriseId }).first('kind');
    if (!account) throw new UamError('ACCOUNT_NOT_FOUND', `account ${p.accountId} is not in enterprise ${p.enterpriseId}`, { accountId: p.accountId });
    if (p.role === 'enterprise_admin' && account.kind !== 'ma') {
      throw new UamError('VALIDATION_FAILED', 'an enterprise admin acts for the MA account: give the MA account or none', { field: 'account' });
    }
  }
}

/** Creates a principal and its bearer token. The token is returned once and only its hash is kept. */
export async function createPrincipal(db: Conn, p: NewPrincipal): Promise<IssuedToken> {
  await validateScope(db, p);
  let accountId = p.accountId ?? null;
  if (p.role === 'enterprise_admin' && !accountId) {
    const ma = await db('accounts').where({ enterprise_id: p.enterpriseId, kind: 'ma' }).first('id');
    accountId = (ma?.id as number | undefined) ?? null;
  }
  const token = p.token ?? newToken();
  const [row] = await db('principals')
    .insert({
      name: p.name,
      role: p.role,
      enterprise_id: p.enterpriseId ?? null,
      account_id: accountId,
      email: p.email ?? null,
      phone: p.phone ?? null,
      token_hash: hashToken(token),
      token_prefix: token.slice(0, 10),
      created_by: p.createdBy ?? 'system',
    })
    .returning('*');
  return { principal: toPrincipal(row), token };
}

/**
 * The principal a bearer token belongs to, or null when the token is unknown or revoked. Notes the token's
 * last use in the same round trip, at most once a minute, so a busy token does not write on every request.
 */
export async function principalForToken(db: Conn, token: string): Promise<Principal | null> {
  const rows = await preparedRows(db,
    `WITH p AS (SELECT id, name, role, enterprise_id, account_id, last_used_at FROM principals WHERE token_hash = ? AND revoked_at IS NULL),
     used AS (UPDATE principals SET last_used_at = now() FROM p
              WHERE principals.id = p.id AND (p.last_used_at IS NULL OR p.last_used_at < now() - interval '1 minute'))
     SELECT id, name, role, enterprise_id, account_id FROM p`,
    [hashToken(token)],
  );
  return rows[0] ? toPrincipal(rows[0]) : null;
}

/** Revokes a principal's token by principal id or token prefix. Returns the revoked principals (none if already revoked). */
export async function revokePrincipal(db: Conn, idOrPrefix: string): Promise<Principal[]> {
  const q = db('principals').whereNull('revoked_at');
  if (/^\d+$/.test(idOrPrefix)) q.where({ id: Number(idOrPrefix) });
  else q.where({ token_prefix: idOrPrefix.slice(0, 10) });
  const rows = await q.update({ revoked_at: db.fn.now() }).returning('*');
  return rows.map(toPrincipal);
}

export interface PrincipalRow extends Principal {
  tokenPrefix: string;
  createdAt: Date;
  createdBy: string;
  /** Within a minute (see principalForToken); null if never used. */
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export const toPrincipalRow = (r: Record<string, unknown>): PrincipalRow => ({
  ...toPrincipal(r),
  tokenPrefix: r.token_prefix as string,
  createdAt: r.created_at as Date,
  createdBy: r.created_by as string,
  lastUsedAt: (r.last_used_at as Date | null) ?? null,
  revokedAt: (r.revoked_at as Date | null) ?? null,
});

export interface PrincipalFilter {
  enterpriseId?: number;
  /** The first characters of the token (its stored prefix: 10 characters at most). */
  prefix?: string;
  /** Keyset paging: principals after this id, at most `limit` of them. */
  after?: number;
  limit?: number;
}

/** Principals in id order: all of them, or one enterprise's, or those whose token starts so. */
export async function listPrincipals(db: Conn, filter: PrincipalFilter = {}): Promise<PrincipalRow[]> {
  const q = db('principals').where('id', '>', filter.after ?? 0).orderBy('id');
  if (filter.enterpriseId !== undefined) q.where({ enterprise_id: filter.enterpriseId });
  if (filter.prefix !== undefined) q.where({ token_prefix: filter.prefix.slice(0, 10) });
  if (filter.limit !== undefined) q.limit(filter.limit);
  return (await q).map(toPrincipalRow);
}
