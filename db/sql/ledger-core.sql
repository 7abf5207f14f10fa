-- Building blocks shared by every ledger operation: errors, idempotency, entries, locks and status.
-- The function files (ledger-core/cash/transfer/credit.sql) are not migrations: db/ledger/functions.ts
-- replaces them all whenever they differ from what the database runs (see migrateLatest).

-- Raise a typed uam error: HINT carries the stable code, DETAIL the JSON details (see db/errors.ts).
CREATE FUNCTION uam_fail(p_code text, p_message text, p_details jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = p_message, HINT = p_code, DETAIL = p_details::text;
END $$;

CREATE FUNCTION uam_check_amount(p_amount bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount IS NULL OR p_amount <= 0 OR p_amount >= 100000000000000000 THEN
    PERFORM uam_fail('INVALID_AMOUNT', 'amount must be greater than zero and below 10^15 yuan',
      jsonb_build_object('amount', p_amount::text));
  END IF;
END $$;

-- An earlier transaction under this key, if any (replayed = true); the same key with another request is refused.
CREATE FUNCTION uam_replay(p_key text, p_kind text, p_request jsonb) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE v_prev ledger_transactions;
BEGIN
  SELECT * INTO v_prev FROM ledger_transactions WHERE idempotency_key = p_key;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF v_prev.kind <> p_kind OR v_prev.request <> p_request THEN
    PERFORM uam_fail('IDEMPOTENCY_KEY_REUSED',
      format('idempotency key %s was already used for a different %s request', p_key, v_prev.kind),
      jsonb_build_object('idempotencyKey', p_key, 'transactionId', v_prev.id::text));
  END IF;
  RETURN ROW(v_prev.id, true, NULL)::uam_result;
END $$;

-- Claims an idempotency key after the caller holds its locks and before it checks its rules. A concurrent twin
-- that got there first held the same locks, so it has committed by now: this call becomes its replay instead
-- of failing a rule that the twin's own change broke (funds gone, debt paid). A failed check afterwards rolls
-- the claim back with the rest.
CREATE FUNCTION uam_begin(p_key text, p_kind text, p_enterprise integer, p_request jsonb, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE v_id bigint;
BEGIN
  IF p_key IS NULL OR length(p_key) NOT BETWEEN 1 AND 200 THEN
    PERFORM uam_fail('VALIDATION_FAILED', 'idempotency key must be 1 to 200 characters', '{"field":"idempotencyKey"}');
  END IF;
  INSERT INTO ledger_transactions (idempotency_key, kind, enterprise_id, request, actor)
  VALUES (p_key, p_kind, p_enterprise, p_request, coalesce(p_actor, 'system'))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN RETURN uam_replay(p_key, p_kind, p_request); END IF;
  RETURN ROW(v_id, false, NULL)::uam_result;
END $$;

-- Adds an amount to a book (created on first use) and returns the book's id. A transfer book also counts
-- what its source sent (p_transferred) and took back (p_withdrawn).
CREATE FUNCTION uam_book(p_enterprise integer, p_account integer, p_kind text, p_source integer, p_amount bigint,
  p_transferred bigint DEFAULT 0, p_withdrawn bigint DEFAULT 0)
RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE v_book bigint;
BEGIN
  -- Update first: an upsert would check the sign constraint on its would-be new row before seeing the old one.
  -- One statement per key shape, so each is an index lookup (IS NOT DISTINCT FROM would not use the index).
  IF p_account IS NULL THEN
    UPDATE ledger_accounts SET balance = balance + p_amount
    WHERE enterprise_id = p_enterprise AND account_id IS NULL AND kind = p_kind
    RETURNING id INTO v_book;
  ELSIF p_source IS NULL THEN
    UPDATE ledger_accounts SET balance = balance + p_amount
    WHERE enterprise_id = p_enterprise AND account_id = p_account AND kind = p_kind AND source_account_id IS NULL
    RETURNING id INTO v_book;
  ELSE
    UPDATE ledger_accounts SET balance = balance + p_amount,
      transferred = transferred + p_transferred, withdrawn = withdrawn + p_withdrawn
    WHERE enterprise_id = p_enterprise AND account_id = p_account AND kind = p_kind AND source_account_id = p_source
    RETURNING id INTO v_book;
  END IF;
  IF v_book IS NULL THEN
    INSERT INTO ledger_accounts AS la (enterprise_id, account_id, kind, source_account_id, balance, transferred, withdrawn)
    VALUES (p_enterprise, p_account, p_kind, p_source, p_amount, p_transferred, p_withdrawn)
    ON CONFLICT ON CONSTRAINT ledger_account_book DO UPDATE SET balance = la.balance + EXCLUDED.balance,
      transferred = la.transferred + EXCLUDED.transferred, withdrawn = la.withdrawn + EXCLUDED.withdrawn
    RETURNING id INTO v_book;
  END IF;
  RETURN v_book;
END $$;

-- Posts one entry on a book and keeps the owner's summary figure in step.
CREATE FUNCTION uam_entry(p_txn bigint, p_enterprise integer, p_account integer, p_kind text, p_source integer, p_amount bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO ledger_entries (transaction_id, ledger_account_id, amount)
  VALUES (p_txn, uam_book(p_enterprise, p_account, p_kind, p_source, p_amount), p_amount);
  CASE p_kind
    WHEN 'own_cash' THEN UPDATE accounts SET own_cash = own_cash + p_amount WHERE id = p_account;
    WHEN 'transfer_book' THEN UPDATE accounts SET transfer_book = transfer_book + p_amount WHERE id = p_account;
    WHEN 'held' THEN UPDATE accounts SET held = held + p_amount WHERE id = p_account;
    WHEN 'credit_limit' THEN UPDATE accounts SET credit_limit = credit_limit + p_amount WHERE id = p_account;
    WHEN 'credit_refund' THEN UPDATE accounts SET credit_refund = credit_refund + p_amount WHERE id = p_account;
    WHEN 'coupons' THEN UPDATE accounts SET coupon_balance = coupon_balance + p_amount WHERE id = p_account;
    WHEN 'monthly_uncleared' THEN UPDATE accounts SET monthly_uncleared = monthly_uncleared - p_amount WHERE id = p_account;
    WHEN 'historical_uncleared' THEN UPDATE accounts SET historical_uncleared = historical_uncleared - p_amount WHERE id = p_account;
    ELSE NULL; -- external counterparts and enterprise credit books: their callers keep the enterprise figures
  END CASE;
END $$;

-- Moves an amount from one book to another in one balanced pair of entries.
CREATE FUNCTION uam_move(p_txn bigint, p_enterprise integer,
  p_from_account integer, p_from_kind text, p_from_source integer,
  p_to_account integer, p_to_kind text, p_to_source integer, p_amount bigint)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM uam_entry(p_txn, p_enterprise, p_from_account, p_from_kind, p_from_source, -p_amount);
  PERFORM uam_entry(p_txn, p_enterprise, p_to_account, p_to_kind, p_to_source, p_amount);
END $$;

-- The refusals for an account that cannot take part: missing (a is null), or closed.
CREATE FUNCTION uam_check_account(p_account integer, a accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a.id IS NULL THEN
    PERFORM uam_fail('ACCOUNT_NOT_FOUND', format('account %s does not exist', p_account), jsonb_build_object('accountId', p_account));
  END IF;
  IF a.status = 'closed' THEN
    PERFORM uam_fail('ACCOUNT_CLOSED', format('account %s is closed', p_account), jsonb_build_object('accountId', p_account));
  END IF;
END $$;

-- The refusals for two accounts that cannot take part together: the same account twice, either missing or
-- closed, or two enterprises.
CREATE FUNCTION uam_check_pair(p_first integer, p_second integer, a accounts, b accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_first = p_second THEN
    PERFORM uam_fail('SAME_ACCOUNT', 'source and destination must be different accounts', jsonb_build_object('accountId', p_first));
  END IF;
  PERFORM uam_check_account(p_first, a);
  PERFORM uam_check_account(p_second, b);
  IF a.enterprise_id <> b.enterprise_id THEN
    PERFORM uam_fail('CROSS_ENTERPRISE', 'both accounts must belong to the same enterprise',
      jsonb_build_object('accountIds', jsonb_build_array(p_first, p_second)));
  END IF;
END $$;

-- Locks one account row (callers lock several in ascending id order) and checks it can take part.
CREATE FUNCTION uam_lock_account(p_account integer) RETURNS accounts LANGUAGE plpgsql AS $$
DECLARE v accounts;
BEGIN
  SELECT * INTO v FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
  PERFORM uam_check_account(p_account, v);
  RETURN v;
END $$;

-- Locks two accounts of one enterprise in ascending id order, so concurrent pairs never deadlock.
CREATE FUNCTION uam_lock_pair(p_first integer, p_second integer, OUT first_row accounts, OUT second_row accounts)
LANGUAGE plpgsql AS $$
BEGIN
  IF p_first < p_second THEN
    SELECT * INTO first_row FROM accounts WHERE id = p_first FOR NO KEY UPDATE;
    SELECT * INTO second_row FROM accounts WHERE id = p_second FOR NO KEY UPDATE;
  ELSIF p_first > p_second THEN
    SELECT * INTO second_row FROM accounts WHERE id = p_second FOR NO KEY UPDATE;
    SELECT * INTO first_row FROM accounts WHERE id = p_first FOR NO KEY UPDATE;
  END IF;
  PERFORM uam_check_pair(p_first, p_second, first_row, second_row);
END $$;

-- The common start of an operation on an amount of one account: amount check, replay of an earlier request
-- under the key, the account's lock, then the key claimed. A replay (result.replayed) has changed nothing and
-- returns no account; otherwise `locked` is the account's row as locked, so callers need not read it again.
CREATE FUNCTION uam_open(p_key text, p_kind text, p_account integer, p_amount bigint, p_actor text,
  OUT result uam_result, OUT locked accounts)
LANGUAGE plpgsql AS $$
DECLARE req jsonb := jsonb_build_object('account', p_account, 'amount', p_amount::text);
BEGIN
  PERFORM uam_check_amount(p_amount);
  result := uam_replay(p_key, p_kind, req);
  IF result.transaction_id IS NOT NULL THEN RETURN; END IF;
  locked := uam_lock_account(p_account);
  result := uam_begin(p_key, p_kind, locked.enterprise_id, req, p_actor);
END $$;

-- After a change: stop an account whose available quota fell to 0 or below through consumption or a credit
-- decrease (p_may_stop), resume one back above 0, and queue an alert check of every touched account — all in
-- the same database transaction (outbox). Transfers and withdrawals never stop an account: they are capped
-- at the available quota. Generic plans are forced: for `id = ANY(p_accounts)` the generic plan's row
-- estimate (10) made Postgres judge it worse than a custom one and re-plan at every call, a tenth of a
-- transfer's time.
CREATE FUNCTION uam_after_change(p_txn bigint, p_accounts integer[], p_may_stop boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
DECLARE v record;
BEGIN
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
  INSERT INTO outbox (topic, dedupe_key, payload) VALUES ('balance.changed', format('balance.changed:%s', p_txn),
    jsonb_build_object('accountIds', to_jsonb(p_accounts), 'transactionId', p_txn::text));
END $$;
