-- The platform's billing events, many in one call: top-ups, charges, repayments, credit refunds and coupons, up to
-- a thousand per call, in one database transaction and one round trip. Each event is the same operation, under the
-- same idempotency key, as when posted alone, and a refused event (its code and figures returned beside it) never
-- blocks the others. Events are taken in account order (an account's own in the order given), so every call
-- locks accounts in ascending id order, as every ledger operation does, and concurrent batches cannot deadlock.

-- One event, by kind.
CREATE FUNCTION uam_post_event(p_key text, p_kind text, p_account integer, p_amount bigint, p_period text,
  p_valid_from timestamptz, p_valid_to timestamptz, p_actor text) RETURNS uam_result LANGUAGE plpgsql AS $$
BEGIN
  CASE p_kind
    WHEN 'top_up', 'credit_refund' THEN RETURN uam_receive(p_key, p_kind, p_account, p_amount, p_actor);
    WHEN 'consume' THEN RETURN uam_consume(p_key, p_account, p_amount, p_actor, p_period);
    WHEN 'repay' THEN RETURN uam_repay(p_key, p_account, p_amount, p_actor);
    WHEN 'coupon' THEN RETURN uam_issue_coupon(p_key, p_account, p_amount, p_valid_from, p_valid_to, p_actor);
    ELSE PERFORM uam_fail('VALIDATION_FAILED', '{"field":"kind"}'); RETURN NULL;
  END CASE;
END $$;

-- The events of the batch that can be posted set-wise: the top-ups and charges of an account none of whose events
-- in the batch is anything else, replays an earlier posting or repeats a key, nor would be refused (a missing or
-- closed account, a bad amount, key or period), and that has no coupons or transfer books to draw on (its charges
-- are paid from own cash, then credit). Their legs are decided one by one in memory, in order, by the rules a
-- posting alone applies (uam_consume_legs), then written for the whole batch in a few statements: one insert of
-- the transactions, uam_post_many, one uam_after_change (each account's stop, resume and alerts decided on the
-- figures the batch leaves it with: its events being all of one kind, that is every crossing they make). p_rows: the batch's accounts, locked,
-- in id order; e_*: the events in account order. Returns, per event, its transaction (null: post it one by one).
CREATE FUNCTION uam_post_events_set(p_rows accounts[], e_key text[], e_kind text[], e_account integer[], e_amount bigint[],
  e_period text[], p_actor text) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  n integer := coalesce(array_length(e_key, 1), 0); a accounts; k integer := 1; k0 integer; j integer; v_fast boolean;
  v_legs uam_leg[]; v_leg uam_leg;
  v_taken text[] := ARRAY(SELECT idempotency_key FROM ledger_transactions WHERE idempotency_key = ANY(e_key)
    UNION ALL SELECT x FROM unnest(e_key) x GROUP BY x HAVING count(*) > 1);
  t_event integer[] := '{}'; t_key text[] := '{}'; t_kind text[] := '{}'; t_ent integer[] := '{}'; t_req jsonb[] := '{}'; t_id bigint[];
  l_txn integer[] := '{}'; l_ent integer[] := '{}'; l_legs uam_leg[] := '{}';
  c_account integer[] := '{}'; c_amount bigint[] := '{}'; v_stoppable integer[] := '{}'; v_others integer[] := '{}';
  v_result bigint[] := array_fill(NULL::bigint, ARRAY[n]);
BEGIN
  FOREACH a IN ARRAY coalesce(p_rows, '{}') LOOP
    WHILE k <= n AND e_account[k] < a.id LOOP k := k + 1; END LOOP; -- no such account: refused one by one
    k0 := k;
    v_fast := a.status <> 'closed' AND a.coupon_balance = 0 AND a.transfer_book = 0;
    WHILE k <= n AND e_account[k] = a.id LOOP
      -- What uam_check_amount, uam_begin and uam_check_period would refuse is left to them.
      -- One kind per account (all top-ups or all charges) keeps its available quota moving one way through the
      -- batch, so each threshold (zero, the alert's, a funding floor) is crossed at most once and the end figures
      -- decide it as the events one by one would: one message per crossing. Mixed kinds go one by one.
      v_fast := v_fast AND e_kind[k] IN ('top_up', 'consume') AND e_kind[k] = e_kind[k0] AND e_amount[k] > 0 AND e_amount[k] < 100000000000000000
        AND length(e_key[k]) BETWEEN 1 AND 200 AND e_key[k] <> ALL(v_taken)
        AND (e_kind[k] = 'top_up' OR coalesce(e_period[k] ~ '^\d{4}-(0[1-9]|1[0-2])$', false));
      k := k + 1;
    END LOOP;
    CONTINUE WHEN NOT v_fast OR k = k0;
    FOR j IN k0 .. k - 1 LOOP
      IF e_kind[j] = 'top_up' THEN
        -- As uam_receive posts a top-up, under the request uam_open records for it.
        v_legs := ARRAY[uam_leg(a.id, 'ext_topup', NULL, -e_amount[j]), uam_leg(a.id, 'own_cash', NULL, e_amount[j])];
        t_req := t_req || jsonb_build_object('account', a.id, 'amount', e_amount[j]::text);
      ELSE
        v_legs := uam_consume_legs(a, e_amount[j], e_period[j]);
        t_req := t_req || uam_consume_request(a.id, e_amount[j], e_period[j], NULL);
      END IF;
      t_event := t_event || j; t_key := t_key || e_key[j]; t_kind := t_kind || e_kind[j]; t_ent := t_ent || a.enterprise_id;
      FOREACH v_leg IN ARRAY v_legs LOOP
        l_txn := l_txn || array_length(t_key, 1); l_ent := l_ent || a.enterprise_id; l_legs := l_legs || v_leg;
        IF v_leg.kind = 'own_cash' THEN a.own_cash := a.own_cash + v_leg.amount; END IF;
        IF v_leg.kind IN ('monthly_uncleared', 'historical_uncleared') THEN
          c_account := c_account || a.id; c_amount := c_amount || -v_leg.amount;
        END IF;
      END LOOP;
    END LOOP;
    IF 'consume' = ANY(e_kind[k0:k - 1]) THEN v_stoppable := v_stoppable || a.id; ELSE v_others := v_others || a.id; END IF;
  END LOOP;
  IF coalesce(array_length(t_key, 1), 0) = 0 THEN RETURN v_result; END IF;

  WITH claimed AS (
    INSERT INTO ledger_transactions (idempotency_key, kind, enterprise_id, request, actor)
    SELECT t.key, t.kind, t.ent, t.req, coalesce(p_actor, 'system') FROM unnest(t_key, t_kind, t_ent, t_req) WITH ORDINALITY AS t(key, kind, ent, req, o)
    ORDER BY t.o
    RETURNING id, idempotency_key
  )
  SELECT array_agg(c.id ORDER BY t.o) INTO t_id FROM claimed c JOIN unnest(t_key) WITH ORDINALITY AS t(key, o) ON t.key = c.idempotency_key;
  PERFORM uam_post_many(ARRAY(SELECT t_id[x] FROM unnest(l_txn) WITH ORDINALITY AS l(x, o) ORDER BY l.o), l_ent, l_legs);
  IF array_length(c_account, 1) > 0 THEN
    UPDATE accounts u SET credit_used = u.credit_used + c.amount
    FROM (SELECT x.account, sum(x.amount)::bigint AS amount FROM unnest(c_account, c_amount) AS x(account, amount) GROUP BY x.account) c
    WHERE u.id = c.account;
  END IF;
  IF v_stoppable <> '{}' THEN PERFORM uam_after_change(t_id[array_length(t_id, 1)], v_stoppable, true); END IF;
  IF v_others <> '{}' THEN PERFORM uam_after_change(t_id[array_length(t_id, 1)], v_others); END IF;
  FOR j IN 1 .. array_length(t_event, 1) LOOP v_result[t_event[j]] := t_id[j]; END LOOP;
  RETURN v_result;
END $$;

-- The batch: every account locked at once, in id order; the events uam_post_events_set can take posted set-wise
-- (should that fail — a key claimed meanwhile for another account — they are posted one by one instead, and
-- refused there if they must be); the others first posted whole, under one savepoint, and only when one of them
-- is refused posted again event by event, each under its own savepoint (a savepoint per event costs about 40%
-- more, and most batches have no refusal). Rows are returned only once their pass has succeeded.
CREATE FUNCTION uam_post_events(p_events jsonb, p_actor text)
RETURNS TABLE (o_index integer, o_transaction_id bigint, o_replayed boolean, o_ref_id bigint,
  o_sqlstate text, o_hint text, o_detail text, o_message text)
LANGUAGE plpgsql AS $$
DECLARE
  e_i integer[]; e_key text[]; e_kind text[]; e_account integer[]; e_amount bigint[]; e_period text[];
  e_from timestamptz[]; e_to timestamptz[]; v_rows accounts[]; v_set bigint[]; v_slow integer[];
  k integer; r uam_result; v_index integer[] := '{}'; v_results uam_result[] := '{}'; v_whole boolean := true;
BEGIN
  SELECT array_agg(x.i ORDER BY x.account, x.i), array_agg(x.key ORDER BY x.account, x.i), array_agg(x.kind ORDER BY x.account, x.i),
    array_agg(x.account ORDER BY x.account, x.i), array_agg(x.amount ORDER BY x.account, x.i), array_agg(x.period ORDER BY x.account, x.i),
    array_agg(x.valid_from ORDER BY x.account, x.i), array_agg(x.valid_to ORDER BY x.account, x.i)
  INTO e_i, e_key, e_kind, e_account, e_amount, e_period, e_from, e_to
  FROM jsonb_to_recordset(p_events) AS x(i integer, key text, kind text, account integer, amount bigint,
    period text, valid_from timestamptz, valid_to timestamptz);
  IF e_i IS NULL THEN RETURN; END IF;
  SELECT array_agg(l ORDER BY l.id) INTO v_rows
  FROM (SELECT * FROM accounts WHERE id = ANY(e_account) ORDER BY id FOR NO KEY UPDATE) l;
  BEGIN
    v_set := uam_post_events_set(v_rows, e_key, e_kind, e_account, e_amount, e_period, p_actor);
  EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
    v_set := array_fill(NULL::bigint, ARRAY[array_length(e_i, 1)]);
  END;
  RETURN QUERY SELECT e_i[s], v_set[s], false, NULL::bigint, NULL::text, NULL::text, NULL::text, NULL::text
    FROM generate_subscripts(e_i, 1) s WHERE v_set[s] IS NOT NULL;
  v_slow := ARRAY(SELECT s FROM generate_subscripts(e_i, 1) s WHERE v_set[s] IS NULL ORDER BY s);
  BEGIN
    FOREACH k IN ARRAY v_slow LOOP
      v_index := v_index || e_i[k];
      v_results := v_results || uam_post_event(e_key[k], e_kind[k], e_account[k], e_amount[k], e_period[k], e_from[k], e_to[k], p_actor);
    END LOOP;
  EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
    v_whole := false;
  END;
  IF v_whole THEN
    RETURN QUERY SELECT v_index[s], (v_results[s]).transaction_id, (v_results[s]).replayed, (v_results[s]).ref_id,
      NULL::text, NULL::text, NULL::text, NULL::text FROM generate_subscripts(v_index, 1) s;
    RETURN;
  END IF;
  FOREACH k IN ARRAY v_slow LOOP
    o_index := e_i[k];
    o_transaction_id := NULL; o_replayed := NULL; o_ref_id := NULL;
    o_sqlstate := NULL; o_hint := NULL; o_detail := NULL; o_message := NULL;
    BEGIN
      r := uam_post_event(e_key[k], e_kind[k], e_account[k], e_amount[k], e_period[k], e_from[k], e_to[k], p_actor);
      o_transaction_id := r.transaction_id; o_replayed := r.replayed; o_ref_id := r.ref_id;
    EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
      GET STACKED DIAGNOSTICS o_sqlstate = RETURNED_SQLSTATE, o_hint = PG_EXCEPTION_HINT, o_detail = PG_EXCEPTION_DETAIL,
        o_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END $$;
