import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { UamError } from '../core/errors';
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
    })
    .returning('*');
  return { principal: toPrincipal(row), token };
}

/** The principal a bearer token belongs to, or null when the token is unknown or revoked. */
export async function principalForToken(db: Conn, token: string): Promise<Principal | null> {
  const row = await db('principals').where({ token_hash: hashToken(token) }).whereNull('revoked_at').first();
  return row ? toPrincipal(row) : null;
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
  revokedAt: Date | null;
}

export async function listPrincipals(db: Conn): Promise<PrincipalRow[]> {
  const rows = await db('principals').orderBy('id');
  return rows.map((r) => ({ ...toPrincipal(r), tokenPrefix: r.token_prefix, createdAt: r.created_at, revokedAt: r.revoked_at }));
}
