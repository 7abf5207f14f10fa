-- Books and postings: each book's balance (ledger_accounts), the one posting helper that writes a transaction's
-- legs and keeps every account's summary figures in step, and what follows every change (stopping, resuming,
-- low-balance alerts, decided on the figures each posting writes).

-- Cash balance = own cash + transfer book; funds held for a pending transfer are still the account's cash.
-- (Available quota is the generated column accounts.available.)
CREATE FUNCTION uam_cash_balance(a accounts) RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
  SELECT a.own_cash + a.transfer_book + a.held
$$;

-- Adds an amount to a book (created on first use) and returns the book's id. A transfer book also counts
-- what its source sent (p_transferred) and took back (p_withdrawn); debts (monthly and historical uncleared)
-- have one book per billing period (p_period).
CREATE FUNCTION uam_book(p_enterprise integer, p_account integer, p_kind text, p_source integer, p_amount bigint,
  p_transferred bigint DEFAULT 0, p_withdrawn bigint DEFAULT 0, p_period text DEFAULT NULL)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_book bigint;
BEGIN
  -- Update first: an upsert would check the sign constraint on its would-be new row before seeing the old one.
  -- One statement per key shape, so each is an index lookup (IS NOT DISTINCT FROM would not use the index).
  IF p_account IS NULL THEN
    UPDATE ledger_accounts SET balance = balance + p_amount
    WHERE enterprise_id = p_enterprise AND account_id IS NULL AND kind = p_kind
    RETURNING id INTO v_book;
  ELSIF p_period IS NOT NULL THEN
    UPDATE ledger_accounts SET balance = balance + p_amount
    WHERE enterprise_id = p_enterprise AND account_id = p_account AND kind = p_kind AND source_account_id IS NULL AND period = p_period
    RETURNING id INTO v_book;
  ELSIF p_source IS NULL THEN
    UPDATE ledger_accounts SET balance = balance + p_amount
    WHERE enterprise_id = p_enterprise AND account_id = p_account AND kind = p_kind AND source_account_id IS NULL AND period IS NULL
    RETURNING id INTO v_book;
  ELSE
    UPDATE ledger_accounts SET balance = balance + p_amount,
      transferred = transferred + p_transferred, withdrawn = withdrawn + p_withdrawn
    WHERE enterprise_id = p_enterprise AND account_id = p_account AND kind = p_kind AND source_account_id = p_source
    RETURNING id INTO v_book;
  END IF;
  IF v_book IS NULL THEN
    INSERT INTO ledger_accounts AS la (enterprise_id, account_id, kind, source_account_id, period, balance, transferred, withdrawn)
    VALUES (p_enterprise, p_account, p_kind, p_source, p_period, p_amount, p_transferred, p_withdrawn)
    ON CONFLICT ON CONSTRAINT ledger_account_book DO UPDATE SET balance = la.balance + EXCLUDED.balance,
      transferred = la.transferred + EXCLUDED.transferred, withdrawn = la.withdrawn + EXCLUDED.withdrawn
    RETURNING id INTO v_book;
  END IF;
  RETURN v_book;
END $$;

-- A leg of a posting: an amount on one book (account null: the enterprise's own book; a debt's book is its
-- billing period's).
CREATE FUNCTION uam_leg(p_account integer, p_kind text, p_source integer, p_amount bigint,
  p_transferred bigint DEFAULT 0, p_withdrawn bigint DEFAULT 0, p_period text DEFAULT NULL) RETURNS uam_leg LANGUAGE sql IMMUTABLE AS $$
  SELECT ROW(p_account, p_kind, p_source, p_amount, p_transferred, p_withdrawn, p_period)::uam_leg
$$;

-- The one posting helper: every leg on its book, one entry per leg that moves money (a leg of 0 only counts
-- on its transfer book, or is skipped), and the summary figures of the (at most two) accounts it touches —
-- summed here (d1, d2) and written in one statement: an UPDATE of accounts checks all its constraints once,
-- however many figures change. The legs of a transaction sum to zero (checked at commit). The enterprise's own
-- figures (total, assigned) are kept by the credit operations. Scalars in the UPDATE, and no SET clause on the
-- function (it costs every call), keep a transfer about as cheap as when it wrote its two accounts by hand.
CREATE FUNCTION uam_post(p_txn bigint, p_enterprise integer, VARIADIC p_legs uam_leg[]) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE v_leg uam_leg; v_book bigint; v_books bigint[] := '{}'; v_amounts bigint[] := '{}'; c integer;
  a1 integer; a2 integer; d1 bigint[] := '{0,0,0,0,0,0,0,0}'; d2 bigint[] := '{0,0,0,0,0,0,0,0}';
BEGIN
  FOREACH v_leg IN ARRAY p_legs LOOP
    CONTINUE WHEN v_leg.amount = 0 AND v_leg.transferred = 0 AND v_leg.withdrawn = 0;
    v_book := uam_book(p_enterprise, v_leg.account_id, v_leg.kind, v_leg.source_id, v_leg.amount, v_leg.transferred, v_leg.withdrawn, v_leg.period);
    CONTINUE WHEN v_leg.amount = 0;
    v_books := v_books || v_book;
    v_amounts := v_amounts || v_leg.amount;
    -- The account figure a book kind moves: its place in d1/d2 and in the UPDATE below (debts count up as they grow).
    c := array_position('{own_cash,transfer_book,held,credit_limit,credit_refund,coupons,monthly_uncleared,historical_uncleared}'::text[], v_leg.kind);
    CONTINUE WHEN c IS NULL OR v_leg.account_id IS NULL;
    IF a1 IS NULL OR a1 = v_leg.account_id THEN a1 := v_leg.account_id; d1[c] := d1[c] + v_leg.amount;
    ELSIF a2 IS NULL OR a2 = v_leg.account_id THEN a2 := v_leg.account_id; d2[c] := d2[c] + v_leg.amount;
    ELSE PERFORM uam_fail('INTERNAL', jsonb_build_object('reason', 'a posting touches at most two accounts'));
    END IF;
  END LOOP;
  INSERT INTO ledger_entries (transaction_id, ledger_account_id, amount)
  SELECT p_txn, b, a FROM unnest(v_books, v_amounts) AS x(b, a);
  IF a1 IS NOT NULL THEN
    UPDATE accounts SET
      own_cash = own_cash + CASE WHEN id = a1 THEN d1[1] ELSE d2[1] END,
      transfer_book = transfer_book + CASE WHEN id = a1 THEN d1[2] ELSE d2[2] END,
      held = held + CASE WHEN id = a1 THEN d1[3] ELSE d2[3] END,
      credit_limit = credit_limit + CASE WHEN id = a1 THEN d1[4] ELSE d2[4] END,
      credit_refund = credit_refund + CASE WHEN id = a1 THEN d1[5] ELSE d2[5] END,
      coupon_balance = coupon_balance + CASE WHEN id = a1 THEN d1[6] ELSE d2[6] END,
      monthly_uncleared = monthly_uncleared - CASE WHEN id = a1 THEN d1[7] ELSE d2[7] END,
      historical_uncleared = historical_uncleared - CASE WHEN id = a1 THEN d1[8] ELSE d2[8] END
    WHERE id IN (a1, a2);
  END IF;
END $$;

-- uam_post for many transactions at once (the billing batch, uam_post_events): leg k belongs to transaction
-- p_txns[k] of enterprise p_enterprises[k]. Each book is written once with the sum of its legs (found, or created
-- when missing), every leg that moves money is an entry, and each account's figures are written in one UPDATE of
-- all the accounts — a few statements for the whole batch instead of a few per transaction. The figure a book kind
-- moves is the same as in uam_post. Account books only (an enterprise's own books are the credit operations'). The
-- caller holds every account's lock and has decided each leg under it.
CREATE FUNCTION uam_post_many(p_txns bigint[], p_enterprises integer[], p_legs uam_leg[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  WITH legs AS (
    SELECT * FROM unnest(p_txns, p_enterprises, p_legs) AS l(txn, ent, account_id, kind, source_id, amount, transferred, withdrawn, period)
    WHERE amount <> 0 OR transferred <> 0 OR withdrawn <> 0
  ), books AS (
    SELECT ent, account_id, kind, source_id, period, sum(amount)::bigint AS amount,
      sum(transferred)::bigint AS transferred, sum(withdrawn)::bigint AS withdrawn
    FROM legs GROUP BY ent, account_id, kind, source_id, period
  ), updated AS (
    UPDATE ledger_accounts la SET balance = la.balance + b.amount,
      transferred = la.transferred + b.transferred, withdrawn = la.withdrawn + b.withdrawn
    FROM books b
    WHERE la.enterprise_id = b.ent AND la.account_id = b.account_id AND la.kind = b.kind
      AND la.source_account_id IS NOT DISTINCT FROM b.source_id AND la.period IS NOT DISTINCT FROM b.period
    RETURNING la.id, la.account_id, la.kind, la.source_account_id, la.period
  ), created AS (
    INSERT INTO ledger_accounts (enterprise_id, account_id, kind, source_account_id, period, balance, transferred, withdrawn)
    SELECT b.ent, b.account_id, b.kind, b.source_id, b.period, b.amount, b.transferred, b.withdrawn FROM books b
    WHERE NOT EXISTS (SELECT FROM updated u WHERE u.account_id = b.account_id AND u.kind = b.kind
                        AND u.source_account_id IS NOT DISTINCT FROM b.source_id AND u.period IS NOT DISTINCT FROM b.period)
    RETURNING id, account_id, kind, source_account_id, period
  ), ids AS (SELECT * FROM updated UNION ALL SELECT * FROM created)
  INSERT INTO ledger_entries (transaction_id, ledger_account_id, amount)
  SELECT l.txn, i.id, l.amount FROM legs l
  JOIN ids i ON i.account_id = l.account_id AND i.kind = l.kind
    AND i.source_account_id IS NOT DISTINCT FROM l.source_id AND i.period IS NOT DISTINCT FROM l.period
  WHERE l.amount <> 0;
  UPDATE accounts a SET
    own_cash = a.own_cash + d.own_cash, transfer_book = a.transfer_book + d.transfer_book, held = a.held + d.held,
    credit_limit = a.credit_limit + d.credit_limit, credit_refund = a.credit_refund + d.credit_refund,
    coupon_balance = a.coupon_balance + d.coupons,
    monthly_uncleared = a.monthly_uncleared - d.monthly_uncleared, historical_uncleared = a.historical_uncleared - d.historical_uncleared
  FROM (
    SELECT l.account_id,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'own_cash'), 0) AS own_cash,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'transfer_book'), 0) AS transfer_book,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'held'), 0) AS held,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'credit_limit'), 0) AS credit_limit,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'credit_refund'), 0) AS credit_refund,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'coupons'), 0) AS coupons,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'monthly_uncleared'), 0) AS monthly_uncleared,
      coalesce(sum(l.amount) FILTER (WHERE l.kind = 'historical_uncleared'), 0) AS historical_uncleared
    FROM unnest(p_legs) l
    WHERE l.account_id IS NOT NULL AND l.amount <> 0 AND l.kind IN ('own_cash', 'transfer_book', 'held', 'credit_limit', 'credit_refund',
      'coupons', 'monthly_uncleared', 'historical_uncleared')
    GROUP BY l.account_id
  ) d
  WHERE a.id = d.account_id;
END $$;

-- After a change: stop an account whose available quota fell to 0 or below through consumption or a credit
-- decrease (p_may_stop), resume one back above 0, and decide each touched account's low-balance alert — all in
-- the same database transaction (events through the outbox). Transfers and withdrawals never stop an account:
-- they are capped at the available quota. Generic plans are forced: for `id = ANY(p_accounts)` the generic
-- plan's row estimate (10) made Postgres judge it worse than a custom one and re-plan at every call, a tenth of
-- a transfer's time.
CREATE FUNCTION uam_after_change(p_txn bigint, p_accounts integer[], p_may_stop boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE v record;
BEGIN
  -- Most postings stop or resume no account, flip no alert and touch no funding policy's member: one look at the
  -- accounts (the conditions of the statements below) settles that, instead of running them all (about a tenth
  -- of a transfer's database CPU, bench:ledger).
  IF NOT EXISTS (
    SELECT FROM accounts a WHERE a.id = ANY(p_accounts) AND (
      (a.status = 'active' AND a.available <= 0 AND p_may_stop) OR (a.status = 'stopped' AND a.available > 0)
      OR (a.alert_enabled AND (a.alert_state = 'armed') = (a.available < a.alert_threshold))
      OR EXISTS (SELECT FROM funding_policy_members m WHERE m.account_id = a.id))
  ) THEN
    RETURN;
  END IF;
  FOR v IN
    UPDATE accounts SET status = CASE WHEN available <= 0 THEN 'stopped' ELSE 'active' END
    WHERE id = ANY(p_accounts)
      AND ((status = 'active' AND available <= 0 AND p_may_stop) OR (status = 'stopped' AND available > 0))
    RETURNING id, enterprise_id, status, available
  LOOP
    INSERT INTO outbox (topic, dedupe_key, payload) VALUES (
      CASE v.status WHEN 'stopped' THEN 'account.stopped' ELSE 'account.resumed' END,
      format('account.%s:%s:%s', v.status, p_txn, v.id),
      jsonb_build_object('accountId', v.id, 'enterpriseId', v.enterprise_id, 'available', v.available::text,
                         'transactionId', p_txn::text));
  END LOOP;
  PERFORM uam_alert_transitions(p_accounts); -- ledger-alerts.sql
  -- Funding policies (db/funding/policies.ts): a kept member this change took below its policy's floor is due a
  -- top-up, told once per crossing (the flag flips back when a change leaves it at or above the floor).
  WITH crossed AS (
    UPDATE funding_policy_members m SET due = NOT m.due
    FROM accounts a, funding_policies f
    WHERE m.account_id = ANY(p_accounts) AND a.id = m.account_id AND f.id = m.policy_id AND m.due <> (a.available < f.floor)
    RETURNING m.policy_id, m.account_id, m.due
  )
  INSERT INTO outbox (topic, dedupe_key, payload)
  SELECT 'funding.due', format('funding.due:%s:%s', p_txn, c.account_id), jsonb_build_object('policyId', c.policy_id, 'accountId', c.account_id)
  FROM crossed c WHERE c.due
  ON CONFLICT (dedupe_key) DO NOTHING;
END $$;
