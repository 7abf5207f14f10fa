-- Building blocks shared by every ledger operation: refusals, idempotency and the openers (one per lock shape).
-- Books and the posting helper are in ledger-books.sql. The function files (db/sql/ledger-*.sql but the schema)
-- are not migrations: db/ledger/functions.ts replaces them all whenever they differ from what the database runs.
--
-- Every operation reads the same way: open (check the amount, replay an earlier request under the key, take
-- the locks, claim the key), check its rule under those locks (ledger-limits.sql), post its legs, then
-- uam_after_change. Locks are taken enterprise first, then accounts in ascending id order.

-- Refuses with a stable code (HINT) and the figures of the refusal (DETAIL, JSON). The words users read are
-- built from these two in TypeScript (domain/refusals.ts); the message here is only the code.
CREATE FUNCTION uam_fail(p_code text, p_details jsonb DEFAULT '{}') RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION USING MESSAGE = p_code, HINT = p_code, DETAIL = p_details::text;
END $$;

-- Amounts that move money: more than zero (or, p_zero_ok, zero) and below 10^15 yuan.
CREATE FUNCTION uam_check_amount(p_amount bigint, p_field text DEFAULT 'amount', p_zero_ok boolean DEFAULT false)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount IS NULL OR p_amount < 0 OR (p_amount = 0 AND NOT p_zero_ok) OR p_amount >= 100000000000000000 THEN
    PERFORM uam_fail('INVALID_AMOUNT', jsonb_build_object('field', p_field, 'value', p_amount::text, 'zeroAllowed', p_zero_ok));
  END IF;
END $$;

-- Billing periods: calendar months, "YYYY-MM" (the column domain uam_period holds the same rule).
CREATE FUNCTION uam_check_period(p_period text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_period IS NULL OR p_period !~ '^\d{4}-(0[1-9]|1[0-2])$' THEN
    PERFORM uam_fail('VALIDATION_FAILED', jsonb_build_object('field', 'period', 'value', p_period));
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
      jsonb_build_object('idempotencyKey', p_key, 'kind', v_prev.kind, 'transactionId', v_prev.id::text));
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
    PERFORM uam_fail('VALIDATION_FAILED', '{"field":"idempotencyKey"}');
  END IF;
  INSERT INTO ledger_transactions (idempotency_key, kind, enterprise_id, request, actor)
  VALUES (p_key, p_kind, p_enterprise, p_request, coalesce(p_actor, 'system'))
  ON CONFLICT (idempotency_key) DO NOTHING
  RETURNING id INTO v_id;
  IF v_id IS NULL THEN RETURN uam_replay(p_key, p_kind, p_request); END IF;
  RETURN ROW(v_id, false, NULL)::uam_result;
END $$;

-- The refusals for an account that cannot take part: missing (a is null), or closed.
CREATE FUNCTION uam_check_account(p_account integer, a accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a.id IS NULL THEN PERFORM uam_fail('ACCOUNT_NOT_FOUND', jsonb_build_object('accountId', p_account)); END IF;
  IF a.status = 'closed' THEN PERFORM uam_fail('ACCOUNT_CLOSED', jsonb_build_object('accountId', p_account)); END IF;
END $$;

-- The refusals for two accounts that cannot take part together: the same account twice, either missing or
-- closed, or two enterprises.
CREATE FUNCTION uam_check_pair(p_first integer, p_second integer, a accounts, b accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF p_first = p_second THEN PERFORM uam_fail('SAME_ACCOUNT', jsonb_build_object('accountId', p_first)); END IF;
  PERFORM uam_check_account(p_first, a);
  PERFORM uam_check_account(p_second, b);
  IF a.enterprise_id <> b.enterprise_id THEN
    PERFORM uam_fail('CROSS_ENTERPRISE', jsonb_build_object('accountIds', jsonb_build_array(p_first, p_second)));
  END IF;
END $$;

-- Opener of an operation on one account: the amount checked (unless null), an earlier request under the key
-- replayed, the account locked and checked, the key claimed. A replay (result.replayed) has changed nothing
-- and returns no account; otherwise `locked` is the account's row as locked. p_claim = false leaves the claim
-- (uam_begin) to a caller that may find nothing to do once it holds the lock.
CREATE FUNCTION uam_open(p_key text, p_kind text, p_account integer, p_amount bigint, p_actor text,
  p_request jsonb DEFAULT NULL, p_claim boolean DEFAULT true, OUT result uam_result, OUT locked accounts)
LANGUAGE plpgsql AS $$
DECLARE req jsonb := coalesce(p_request, jsonb_build_object('account', p_account, 'amount', p_amount::text));
BEGIN
  IF p_amount IS NOT NULL THEN PERFORM uam_check_amount(p_amount); END IF;
  result := uam_replay(p_key, p_kind, req);
  IF result.transaction_id IS NOT NULL THEN RETURN; END IF;
  SELECT * INTO locked FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
  PERFORM uam_check_account(p_account, locked);
  IF p_claim THEN result := uam_begin(p_key, p_kind, locked.enterprise_id, req, p_actor); END IF;
END $$;

-- Opener of an operation on two accounts of one enterprise (a transfer, a withdrawal, settling a hold): both
-- locked in id order, so concurrent pairs never deadlock. p_closed_ok: voiding a hold must work even if an
-- account was closed meanwhile. This is the path of every posting: the checks run inline, and only a request
-- that fails one calls the function that raises its error (in PL/pgSQL a nested call costs about as much as
-- the statement it wraps, bench:ledger).
CREATE FUNCTION uam_open_pair(p_key text, p_kind text, p_first integer, p_second integer, p_amount bigint, p_actor text,
  p_request jsonb DEFAULT NULL, p_closed_ok boolean DEFAULT false,
  OUT result uam_result, OUT first_row accounts, OUT second_row accounts)
LANGUAGE plpgsql AS $$
DECLARE req jsonb := coalesce(p_request, jsonb_build_object('from', p_first, 'to', p_second, 'amount', p_amount::text));
BEGIN
  IF p_amount IS NOT NULL AND (p_amount <= 0 OR p_amount >= 100000000000000000) THEN PERFORM uam_check_amount(p_amount); END IF;
  IF EXISTS (SELECT FROM ledger_transactions WHERE idempotency_key = p_key) THEN
    result := uam_replay(p_key, p_kind, req);
    RETURN;
  END IF;
  IF p_first < p_second THEN
    SELECT * INTO first_row FROM accounts WHERE id = p_first FOR NO KEY UPDATE;
    SELECT * INTO second_row FROM accounts WHERE id = p_second FOR NO KEY UPDATE;
  ELSE
    SELECT * INTO second_row FROM accounts WHERE id = p_second FOR NO KEY UPDATE;
    SELECT * INTO first_row FROM accounts WHERE id = p_first FOR NO KEY UPDATE;
  END IF;
  IF p_first = p_second OR first_row.id IS NULL OR second_row.id IS NULL OR first_row.enterprise_id <> second_row.enterprise_id
     OR (NOT p_closed_ok AND 'closed' IN (first_row.status, second_row.status)) THEN
    PERFORM uam_check_pair(p_first, p_second, first_row, second_row);
  END IF;
  result := uam_begin(p_key, p_kind, first_row.enterprise_id, req, p_actor);
END $$;

-- Opener of an enterprise's credit operations: the enterprise locked (p_enterprise, or the enterprise of the
-- first account), then its accounts in p_accounts (none, one, or a pair) in id order, each open and inside it.
CREATE FUNCTION uam_open_enterprise(p_key text, p_kind text, p_enterprise integer, p_accounts integer[], p_actor text,
  p_request jsonb, p_claim boolean DEFAULT true,
  OUT result uam_result, OUT e enterprises, OUT first_row accounts, OUT second_row accounts)
LANGUAGE plpgsql AS $$
DECLARE v_ent integer := p_enterprise; v_first integer := p_accounts[1]; v_second integer := p_accounts[2];
BEGIN
  result := uam_replay(p_key, p_kind, p_request);
  IF result.transaction_id IS NOT NULL THEN RETURN; END IF;
  IF v_ent IS NULL THEN
    SELECT enterprise_id INTO v_ent FROM accounts WHERE id = v_first;
    IF NOT FOUND THEN PERFORM uam_fail('ACCOUNT_NOT_FOUND', jsonb_build_object('accountId', v_first)); END IF;
  END IF;
  SELECT * INTO e FROM enterprises WHERE id = v_ent FOR NO KEY UPDATE;
  IF NOT FOUND THEN PERFORM uam_fail('ENTERPRISE_NOT_FOUND', jsonb_build_object('enterpriseId', v_ent)); END IF;
  IF v_first IS NOT NULL AND v_second IS NULL THEN
    SELECT * INTO first_row FROM accounts WHERE id = v_first AND enterprise_id = v_ent FOR NO KEY UPDATE;
    PERFORM uam_check_account(v_first, first_row);
  ELSIF v_second IS NOT NULL THEN
    PERFORM 1 FROM accounts WHERE id IN (v_first, v_second) ORDER BY id FOR NO KEY UPDATE;
    SELECT * INTO first_row FROM accounts WHERE id = v_first;
    SELECT * INTO second_row FROM accounts WHERE id = v_second;
    PERFORM uam_check_pair(v_first, v_second, first_row, second_row);
  END IF;
  IF p_claim THEN result := uam_begin(p_key, p_kind, v_ent, p_request, p_actor); END IF;
END $$;
