-- Cash operations on one account: top up, consume, coupons, repay, credit refund, month-end close.

-- Money arriving from outside: a top-up (own cash) or a refund of credit-paid usage (credit refund), which
-- never exceeds the credit-paid consumption not yet refunded.
CREATE FUNCTION uam_receive(p_key text, p_kind text, p_account integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result; v_refund boolean := p_kind = 'credit_refund';
BEGIN
  IF p_kind NOT IN ('top_up', 'credit_refund') THEN PERFORM uam_fail('VALIDATION_FAILED', '{"field":"kind"}'); END IF;
  o := uam_open(p_key, p_kind, p_account, p_amount, p_actor);
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  IF v_refund THEN
    PERFORM uam_enforce('CREDIT_REFUND_EXCEEDS_USAGE', uam_refund_terms(o.locked), p_amount, jsonb_build_object('accountId', p_account));
    UPDATE accounts SET credit_refunded = credit_refunded + p_amount WHERE id = p_account;
  END IF;
  PERFORM uam_post(r.transaction_id, (o.locked).enterprise_id,
    uam_leg(p_account, CASE WHEN v_refund THEN 'ext_refund' ELSE 'ext_topup' END, NULL, -p_amount),
    uam_leg(p_account, CASE WHEN v_refund THEN 'credit_refund' ELSE 'own_cash' END, NULL, p_amount));
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account]);
  RETURN r;
END $$;

-- Whether billing period p_period is closed for enterprise p_enterprise (closed for it, or for all). Called
-- by a posting of debt to that period, which first takes the period's lock shared: a close marks the period
-- under the same lock taken exclusively (uam_mark_period_closed), so a debt posted to the period either
-- committed before the mark, and the close's walk moves it, or sees the mark and goes to historical itself.
CREATE FUNCTION uam_period_closed(p_period text, p_enterprise integer) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(hashtext('uam billing period'), hashtext(p_period));
  RETURN EXISTS (SELECT FROM billing_period_closes WHERE period = p_period::uam_period
                 AND (enterprise_id = p_enterprise OR enterprise_id IS NULL));
END $$;

-- How a usage charge of billing period p_period is paid, as legs on account a (its row as locked): valid coupons
-- first (soonest to expire first; the coupons are drawn down here), then transfer books (oldest first), then own
-- cash, then credit — the period's monthly uncleared, or its historical uncleared when the period is already
-- closed. Consumption is never refused for lack of funds: it is already used. Used by uam_consume and by the
-- billing batch (uam_post_events), so a charge is paid the same way alone or in a batch.
CREATE FUNCTION uam_consume_legs(a accounts, p_amount bigint, p_period text) RETURNS uam_leg[]
LANGUAGE plpgsql AS $$
DECLARE c record; v_left bigint := p_amount; v_take bigint;
  v_legs uam_leg[] := ARRAY[uam_leg(a.id, 'ext_consumption', NULL, p_amount)];
BEGIN
  IF a.coupon_balance > 0 THEN
    FOR c IN SELECT id, remaining FROM valid_coupons WHERE account_id = a.id ORDER BY valid_to, id FOR UPDATE
    LOOP
      EXIT WHEN v_left = 0;
      v_take := least(v_left, c.remaining);
      UPDATE coupons SET remaining = remaining - v_take WHERE id = c.id;
      v_legs := v_legs || uam_leg(a.id, 'coupons', NULL, -v_take);
      v_left := v_left - v_take;
    END LOOP;
  END IF;
  IF v_left > 0 AND a.transfer_book > 0 THEN
    FOR c IN SELECT source_account_id, balance FROM ledger_accounts
             WHERE account_id = a.id AND kind = 'transfer_book' AND balance > 0 ORDER BY id
    LOOP
      EXIT WHEN v_left = 0;
      v_take := least(v_left, c.balance);
      v_legs := v_legs || uam_leg(a.id, 'transfer_book', c.source_account_id, -v_take);
      v_left := v_left - v_take;
    END LOOP;
  END IF;
  v_take := least(v_left, a.own_cash);
  IF v_take > 0 THEN
    v_legs := v_legs || uam_leg(a.id, 'own_cash', NULL, -v_take);
    v_left := v_left - v_take;
  END IF;
  IF v_left > 0 THEN
    v_legs := v_legs || uam_leg(a.id, CASE WHEN uam_period_closed(p_period, a.enterprise_id) THEN 'historical_uncleared'
      ELSE 'monthly_uncleared' END, NULL, -v_left, 0, 0, p_period);
  END IF;
  RETURN v_legs;
END $$;

-- The request a charge is recorded under (and a resend compared with). A resent charge is judged by its account
-- and amount alone: its period is the one its first posting had (p_first, that posting's request; a resend after
-- midnight on the 1st that names no period derives another month, and is still the same event).
CREATE FUNCTION uam_consume_request(p_account integer, p_amount bigint, p_period text, p_first jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('account', p_account, 'amount', p_amount::text)
    || coalesce(p_first - 'account' - 'amount', jsonb_build_object('period', p_period))
$$;

-- A usage charge of billing period p_period, paid as uam_consume_legs says; what is paid on credit is counted as
-- credit used. An account left at or below 0 available is stopped.
CREATE FUNCTION uam_consume(p_key text, p_account integer, p_amount bigint, p_actor text, p_period text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; a accounts; r uam_result; v_legs uam_leg[]; v_credit bigint;
BEGIN
  PERFORM uam_check_period(p_period);
  o := uam_open(p_key, 'consume', p_account, p_amount, p_actor,
    uam_consume_request(p_account, p_amount, p_period, (SELECT request FROM ledger_transactions WHERE idempotency_key = p_key)));
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  a := o.locked;
  v_legs := uam_consume_legs(a, p_amount, p_period);
  v_credit := -(v_legs[array_upper(v_legs, 1)]).amount;
  IF (v_legs[array_upper(v_legs, 1)]).kind IN ('monthly_uncleared', 'historical_uncleared') THEN
    UPDATE accounts SET credit_used = credit_used + v_credit WHERE id = p_account;
  END IF;
  PERFORM uam_post(r.transaction_id, a.enterprise_id, VARIADIC v_legs);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account], true);
  RETURN r;
END $$;

CREATE FUNCTION uam_issue_coupon(p_key text, p_account integer, p_amount bigint,
  p_valid_from timestamptz, p_valid_to timestamptz, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result;
BEGIN
  IF p_valid_to IS NULL OR p_valid_from IS NULL OR p_valid_to <= p_valid_from THEN
    PERFORM uam_fail('VALIDATION_FAILED', '{"field":"validTo"}');
  END IF;
  o := uam_open(p_key, 'issue_coupon', p_account, p_amount, p_actor, jsonb_build_object('account', p_account,
    'amount', p_amount::text, 'validFrom', p_valid_from, 'validTo', p_valid_to));
  r := o.result;
  IF r.replayed THEN
    r.ref_id := (SELECT id FROM coupons WHERE transaction_id = r.transaction_id);
    RETURN r;
  END IF;
  PERFORM uam_post(r.transaction_id, (o.locked).enterprise_id,
    uam_leg(p_account, 'ext_coupon', NULL, -p_amount), uam_leg(p_account, 'coupons', NULL, p_amount));
  INSERT INTO coupons (enterprise_id, account_id, amount, remaining, valid_from, valid_to, transaction_id)
  VALUES ((o.locked).enterprise_id, p_account, p_amount, p_amount, p_valid_from, p_valid_to, r.transaction_id)
  RETURNING id INTO r.ref_id;
  RETURN r;
END $$;

-- Ends a coupon (its window has passed, or it is withdrawn): what is left of it goes back to the issuer.
-- Expiring an expired coupon is a no-op; one with nothing left is only marked. Opened by hand: it is keyed by
-- the coupon, must work on an account closed meanwhile, and claims a key only when something moves.
CREATE FUNCTION uam_expire_coupon(p_coupon bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE c coupons; r uam_result; v_key text := format('coupon-expire:%s', p_coupon);
BEGIN
  SELECT * INTO c FROM coupons WHERE id = p_coupon;
  IF NOT FOUND THEN PERFORM uam_fail('NOT_FOUND', jsonb_build_object('couponId', p_coupon::text)); END IF;
  PERFORM 1 FROM accounts WHERE id = c.account_id FOR NO KEY UPDATE;
  SELECT * INTO c FROM coupons WHERE id = p_coupon FOR UPDATE;
  IF c.expired_at IS NOT NULL THEN
    RETURN coalesce(uam_replay(v_key, 'expire_coupon', jsonb_build_object('coupon', p_coupon::text)), ROW(NULL, true, p_coupon)::uam_result);
  END IF;
  UPDATE coupons SET expired_at = now(), remaining = 0 WHERE id = p_coupon;
  IF c.remaining = 0 THEN RETURN ROW(NULL, false, p_coupon)::uam_result; END IF;
  r := uam_begin(v_key, 'expire_coupon', c.enterprise_id, jsonb_build_object('coupon', p_coupon::text), p_actor);
  PERFORM uam_post(r.transaction_id, c.enterprise_id,
    uam_leg(c.account_id, 'coupons', NULL, -c.remaining), uam_leg(c.account_id, 'ext_coupon', NULL, c.remaining));
  r.ref_id := p_coupon;
  RETURN r;
END $$;

-- Repayment clears the oldest billing period first (of one period, historical before monthly). Paying more
-- than is owed is refused.
CREATE FUNCTION uam_repay(p_key text, p_account integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; a accounts; r uam_result; d record; v_left bigint := p_amount; v_take bigint;
  v_legs uam_leg[] := ARRAY[uam_leg(p_account, 'ext_repayment', NULL, -p_amount)];
BEGIN
  o := uam_open(p_key, 'repay', p_account, p_amount, p_actor);
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  a := o.locked;
  IF p_amount > a.historical_uncleared + a.monthly_uncleared THEN
    PERFORM uam_fail('REPAYMENT_EXCEEDS_DEBT', jsonb_build_object('accountId', p_account, 'amount', p_amount::text,
      'maximum', (a.historical_uncleared + a.monthly_uncleared)::text));
  END IF;
  FOR d IN SELECT kind, period, -balance AS owed FROM ledger_accounts
           WHERE enterprise_id = a.enterprise_id AND account_id = p_account
             AND kind IN ('historical_uncleared', 'monthly_uncleared') AND balance < 0
           ORDER BY period, kind
  LOOP
    EXIT WHEN v_left = 0;
    v_take := least(v_left, d.owed);
    v_legs := v_legs || uam_leg(p_account, d.kind, NULL, v_take, 0, 0, d.period);
    v_left := v_left - v_take;
  END LOOP;
  PERFORM uam_post(r.transaction_id, a.enterprise_id, VARIADIC v_legs);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account]);
  RETURN r;
END $$;

-- Marks billing period p_period closed for enterprise p_enterprise (null: for every enterprise), before its
-- accounts are closed one by one: from then on a charge for the period goes to historical uncleared itself
-- (see uam_period_closed for the lock that makes this exact). False when it was marked already.
CREATE FUNCTION uam_mark_period_closed(p_period text, p_enterprise integer, p_actor text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE v_id bigint;
BEGIN
  PERFORM uam_check_period(p_period);
  IF p_enterprise IS NOT NULL AND NOT EXISTS (SELECT FROM enterprises WHERE id = p_enterprise) THEN
    PERFORM uam_fail('ENTERPRISE_NOT_FOUND', jsonb_build_object('enterpriseId', p_enterprise));
  END IF;
  PERFORM pg_advisory_xact_lock(hashtext('uam billing period'), hashtext(p_period));
  INSERT INTO billing_period_closes (period, enterprise_id, closed_by) VALUES (p_period, p_enterprise, coalesce(p_actor, 'system'))
  ON CONFLICT ON CONSTRAINT billing_period_close_once DO NOTHING
  RETURNING id INTO v_id;
  RETURN v_id IS NOT NULL;
END $$;

-- Close of billing period p_period for one account: the period's monthly uncleared becomes the period's
-- historical uncleared; later periods are not touched. Keyed by period and account, so closing a period twice
-- moves nothing the second time. An account with nothing uncleared in the period is skipped (no transaction).
CREATE FUNCTION uam_close_month(p_period text, p_account integer, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result; v_owed bigint; v_key text := format('month-close:%s:%s', p_period, p_account);
  req jsonb := jsonb_build_object('account', p_account, 'period', p_period);
BEGIN
  PERFORM uam_check_period(p_period);
  o := uam_open(v_key, 'close_month', p_account, NULL, p_actor, req, p_claim => false);
  r := o.result;
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  SELECT -balance INTO v_owed FROM ledger_accounts
  WHERE enterprise_id = (o.locked).enterprise_id AND account_id = p_account AND kind = 'monthly_uncleared'
    AND source_account_id IS NULL AND period = p_period;
  IF coalesce(v_owed, 0) = 0 THEN RETURN ROW(NULL, false, NULL)::uam_result; END IF;
  r := uam_begin(v_key, 'close_month', (o.locked).enterprise_id, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_post(r.transaction_id, (o.locked).enterprise_id,
    uam_leg(p_account, 'historical_uncleared', NULL, -v_owed, 0, 0, p_period),
    uam_leg(p_account, 'monthly_uncleared', NULL, v_owed, 0, 0, p_period));
  RETURN r;
END $$;
