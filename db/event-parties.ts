import type { Knex } from 'knex';
import type { Contact } from '../domain/contacts';
import { toContact } from './directory/contacts';

type Conn = Knex | Knex.Transaction;

/** An account as a message names it and reaches it: its contacts, each with the events it wants. */
export interface Party {
  accountId: number;
  name: string;
  kind: 'ma' | 'member';
  contacts: Contact[];
}

export interface EventParties {
  enterpriseId: number;
  enterpriseName: string;
  /** The enterprise's MA account (null only for an enterprise without one). */
  ma: Party | null;
  /** The accounts the event is about, by id (the MA account too when it is one of them). */
  accounts: Map<number, Party>;
  /** The enterprise's finance contacts: they hear enterprise-wide messages. */
  finance: Contact[];
}

type ContactRow = { channel: string; address: string; events: string[] };

const CONTACTS_OF = (owner: string) =>
  `coalesce((SELECT jsonb_agg(jsonb_build_object('channel', c.channel, 'address', c.address, 'events', c.events) ORDER BY c.id)
             FROM contacts c WHERE ${owner}), '[]'::jsonb)`;

/**
 * The enterprise, its MA account, the named accounts of that enterprise and everyone's contacts, in one query;
 * null if no such enterprise.
 */
export async function loadEventParties(db: Conn, enterpriseId: number, accountIds: number[]): Promise<EventParties | null> {
  const { rows } = await db.raw(
    `SELECT e.name AS enterprise_name, ${CONTACTS_OF('c.enterprise_id = e.id AND c.account_id IS NULL')} AS finance,
       a.id, a.name, a.kind, ${CONTACTS_OF('c.account_id = a.id')} AS contacts
     FROM enterprises e LEFT JOIN accounts a ON a.enterprise_id = e.id AND (a.kind = 'ma' OR a.id = ANY(?::int[]))
     WHERE e.id = ? ORDER BY a.id`,
    [accountIds, enterpriseId],
  );
  const list = rows as Array<Record<string, unknown>>;
  if (list.length === 0) return null;
  const parties: EventParties = {
    enterpriseId, enterpriseName: list[0]!.enterprise_name as string, ma: null, accounts: new Map(),
    finance: (list[0]!.finance as ContactRow[]).map(toContact),
  };
  for (const r of list) {
    if (r.id === null) continue;
    const party: Party = {
      accountId: r.id as number, name: r.name as string, kind: r.kind as Party['kind'], contacts: (r.contacts as ContactRow[]).map(toContact),
    };
    if (party.kind === 'ma') parties.ma = party;
    if (accountIds.includes(party.accountId)) parties.accounts.set(party.accountId, party);
  }
  return parties;
}
