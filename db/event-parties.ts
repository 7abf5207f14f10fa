import type { Knex } from 'knex';

type Conn = Knex | Knex.Transaction;

/** An account as a message names it and reaches it. */
export interface Party {
  accountId: number;
  name: string;
  kind: 'ma' | 'member';
  email: string | null;
  phone: string | null;
}

export interface EventParties {
  enterpriseId: number;
  enterpriseName: string;
  /** The enterprise's MA account (null only for an enterprise without one). */
  ma: Party | null;
  /** The accounts the event is about, by id (the MA account too when it is one of them). */
  accounts: Map<number, Party>;
}

/** The enterprise, its MA account and the named accounts of that enterprise, in one query; null if no such enterprise. */
export async function loadEventParties(db: Conn, enterpriseId: number, accountIds: number[]): Promise<EventParties | null> {
  const { rows } = await db.raw(
    `SELECT e.name AS enterprise_name, a.id, a.name, a.kind, a.email, a.phone
     FROM enterprises e LEFT JOIN accounts a ON a.enterprise_id = e.id AND (a.kind = 'ma' OR a.id = ANY(?::int[]))
     WHERE e.id = ? ORDER BY a.id`,
    [accountIds, enterpriseId],
  );
  const list = rows as Array<Record<string, unknown>>;
  if (list.length === 0) return null;
  const parties: EventParties = { enterpriseId, enterpriseName: list[0]!.enterprise_name as string, ma: null, accounts: new Map() };
  for (const r of list) {
    if (r.id === null) continue;
    const party: Party = {
      accountId: r.id as number,
      name: r.name as string,
      kind: r.kind as Party['kind'],
      email: (r.email as string | null) ?? null,
      phone: (r.phone as string | null) ?? null,
    };
    if (party.kind === 'ma') parties.ma = party;
    if (accountIds.includes(party.accountId)) parties.accounts.set(party.accountId, party);
  }
  return parties;
}
