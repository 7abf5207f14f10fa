import type { Knex } from 'knex';

/**
 * Contacts move out of the account row into their own table: several per account, each an e-mail address or
 * a phone number with the events it wants, and enterprise-level ones (account_id null: the finance contacts,
 * who hear enterprise-wide messages). Every existing address is carried over wanting every event, so each
 * message still reaches whoever it reached before.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE TABLE contacts (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      enterprise_id integer NOT NULL REFERENCES enterprises(id),
      account_id integer,
      channel text NOT NULL CHECK (channel IN ('email', 'sms')),
      address text NOT NULL CHECK (length(address) BETWEEN 1 AND 320),
      events text[] NOT NULL CONSTRAINT contact_events CHECK (
        cardinality(events) >= 1 AND events <@ ARRAY['low_balance', 'account_stopped', 'credit', 'transfers']),
      created_at timestamptz NOT NULL DEFAULT now(),
      -- A member's contact belongs to its account's enterprise (the same key the ledger's books use).
      CONSTRAINT contacts_account FOREIGN KEY (enterprise_id, account_id) REFERENCES accounts (enterprise_id, id)
    );
    CREATE UNIQUE INDEX contacts_one_address ON contacts (enterprise_id, coalesce(account_id, 0), channel, lower(address));
    CREATE INDEX contacts_of_account ON contacts (account_id) WHERE account_id IS NOT NULL;

    INSERT INTO contacts (enterprise_id, account_id, channel, address, events)
    SELECT enterprise_id, id, channel, address, ARRAY['low_balance', 'account_stopped', 'credit', 'transfers']
    FROM accounts, LATERAL (VALUES ('email', trim(email)), ('sms', trim(phone))) AS c(channel, address)
    WHERE coalesce(address, '') <> ''
    ORDER BY id, channel
    ON CONFLICT DO NOTHING;

    ALTER TABLE accounts DROP COLUMN email, DROP COLUMN phone;
  `);
}

/** Back to one e-mail and one phone per account: the first of each kind (enterprise contacts have no place there). */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts ADD COLUMN email text, ADD COLUMN phone text;
    UPDATE accounts a SET
      email = (SELECT address FROM contacts c WHERE c.account_id = a.id AND c.channel = 'email' ORDER BY c.id LIMIT 1),
      phone = (SELECT address FROM contacts c WHERE c.account_id = a.id AND c.channel = 'sms' ORDER BY c.id LIMIT 1);
    DROP TABLE contacts;
  `);
}
