-- The platform's billing events, many in one call: top-ups, charges, repayments, credit refunds and coupons, up to
-- a thousand per call, in one database transaction and one round trip. Each event is the same operation, under the
-- same idempotency key, as when posted alone; each runs in its own subtransaction, so a refused event (its code
-- and figures returned beside it) rolls back only itself and never blocks the others. Events are taken in
-- account order (an account's own in the order given), so every call locks accounts in ascending id order, as
-- every ledger operation does, and concurrent batches cannot deadlock.
CREATE FUNCTION uam_post_events(p_events jsonb, p_actor text)
RETURNS TABLE (o_index integer, o_transaction_id bigint, o_replayed boolean, o_ref_id bigint,
  o_sqlstate text, o_hint text, o_detail text, o_message text)
LANGUAGE plpgsql AS $$
DECLARE e record; r uam_result;
BEGIN
  FOR e IN SELECT x.* FROM jsonb_to_recordset(p_events) AS x(i integer, key text, kind text, account integer, amount bigint,
             period text, valid_from timestamptz, valid_to timestamptz)
           ORDER BY x.account, x.i
  LOOP
    o_index := e.i;
    o_transaction_id := NULL; o_replayed := NULL; o_ref_id := NULL;
    o_sqlstate := NULL; o_hint := NULL; o_detail := NULL; o_message := NULL;
    BEGIN
      r := CASE e.kind
        WHEN 'top_up' THEN uam_receive(e.key, 'top_up', e.account, e.amount, p_actor)
        WHEN 'credit_refund' THEN uam_receive(e.key, 'credit_refund', e.account, e.amount, p_actor)
        WHEN 'consume' THEN uam_consume(e.key, e.account, e.amount, p_actor, e.period)
        WHEN 'repay' THEN uam_repay(e.key, e.account, e.amount, p_actor)
        WHEN 'coupon' THEN uam_issue_coupon(e.key, e.account, e.amount, e.valid_from, e.valid_to, p_actor)
      END;
      IF r IS NULL THEN PERFORM uam_fail('VALIDATION_FAILED', '{"field":"kind"}'); END IF;
      o_transaction_id := r.transaction_id; o_replayed := r.replayed; o_ref_id := r.ref_id;
    EXCEPTION WHEN raise_exception OR integrity_constraint_violation OR data_exception THEN
      GET STACKED DIAGNOSTICS o_sqlstate = RETURNED_SQLSTATE, o_hint = PG_EXCEPTION_HINT, o_detail = PG_EXCEPTION_DETAIL,
        o_message = MESSAGE_TEXT;
    END;
    RETURN NEXT;
  END LOOP;
END $$;
