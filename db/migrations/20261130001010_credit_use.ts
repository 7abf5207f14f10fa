import type { Knex } from 'knex';

/**
 * What each account consumed on credit and what of it was refunded, both running totals: a credit refund is a
 * refund of consumption that had been paid on credit, so refunds never exceed that consumption (the ledger
 * refuses more, CREDIT_REFUND_EXCEEDS_USAGE; this CHECK backs it). Existing accounts are counted from their
 * ledger entries; one already refunded beyond its counted use (before this rule) is taken as having used that.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts
      ADD COLUMN credit_used bigint NOT NULL DEFAULT 0,
      ADD COLUMN credit_refunded bigint NOT NULL DEFAULT 0;
    WITH used AS (
      SELECT la.account_id, -sum(e.amount) AS used FROM ledger_entries e
      JOIN ledger_transactions t ON t.id = e.transaction_id AND t.kind = 'consume'
      JOIN ledger_accounts la ON la.id = e.ledger_account_id AND la.kind = 'monthly_uncleared'
      GROUP BY la.account_id
    ), refunded AS (
      SELECT account_id, balance AS refunded FROM ledger_accounts WHERE kind = 'credit_refund'
    )
    UPDATE accounts a SET credit_refunded = coalesce(r.refunded, 0), credit_used = greatest(coalesce(u.used, 0), coalesce(r.refunded, 0))
    FROM accounts x LEFT JOIN used u ON u.account_id = x.id LEFT JOIN refunded r ON r.account_id = x.id
    WHERE a.id = x.id AND (u.used IS NOT NULL OR r.refunded IS NOT NULL);
    ALTER TABLE accounts ADD CONSTRAINT credit_refund_within_credit_use
      CHECK (credit_refunded >= 0 AND credit_refunded <= credit_used);
  `);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    ALTER TABLE accounts DROP CONSTRAINT credit_refund_within_credit_use, DROP COLUMN credit_used, DROP COLUMN credit_refunded;
    COMMENT ON TYPE uam_result IS NULL;
  `);
}
