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

-- The batch is first posted whole, under one savepoint; only when an event is refused is it rolled back and
-- posted again event by event, each under its own savepoint (a savepoint per event costs about 40% more, and
-- most batches have no refusal). Rows are returned only once their pass has succeeded.
CREATE FUNCTION uam_post_events(p_events jsonb, p_actor text)
RETURNS TABLE (o_index integer, o_transaction_id bigint, o_replayed boolean, o_ref_id bigint,
  o_sqlstate text, o_hint text, o_detail text, o_message text)
LANGUAGE plpgsql AS $$
DECLARE e record; r uam_result; v_index integer[] := '{}'; v_results uam_result[] := '{}'; v_whole boolean := true;
BEGIN
  BEGIN
    FOR e IN SELECT x.* FROM jsonb_to_recordset(p_events) AS x(i integer, key text, kind text, account integer, amount bigint,
               period text, valid_from timestamptz, valid_to timestamptz) ORDER BY x.account, x.i
    LOOP
      v_index := v_index || e.i;
      v_results := v_results || uam_post_event(e.key, e.kind, e.account, e.amount, e.period, e.valid_from, e.valid_to, p_actor);
    END LOOP;
  EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
    v_whole := false;
  END;
  IF v_whole THEN
    RETURN QUERY SELECT v_index[k], (v_results[k]).transaction_id, (v_results[k]).replayed, (v_results[k]).ref_id,
      NULL::text, NULL::text, NULL::text, NULL::text FROM generate_subscripts(v_index, 1) k;
    RETURN;
  END IF;
  FOR e IN SELECT x.* FROM jsonb_to_recordset(p_events) AS x(i integer, key text, kind text, account integer, amount bigint,
             period text, valid_from timestamptz, valid_to timestamptz) ORDER BY x.account, x.i
  LOOP
    o_index := e.i;
    o_transaction_id := NULL; o_replayed := NULL; o_ref_id := NULL;
    o_sqlstate := NULL; o_hint := NULL; o_detail := NULL; o_message := NULL;
    BEGIN
      r := uam_post_event(e.key, e.kind, e.account, e.amount, e.period, e.valid_from, e.valid_to, p_actor);
      o_transaction_id := r.transaction_id; o_replayed := r.replayed; o_ref_id := r.ref_id;
    EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
      GET STACKED DIAGNOSTICS o_sqlstate = RETURNED_SQLSTATE, o_hint = PG_EXCEPTION_HINT, o_detail = PG_EXCEPTION_DETAIL,
        o_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END $$;
