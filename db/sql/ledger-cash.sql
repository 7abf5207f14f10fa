-- Cash operations on one account: top up, consume, coupons, repay, credit refund, month-end close.

-- Money arriving from outside: a top-up (own cash) or a refund of credit-paid usage (credit refund).
CREATE FUNCTION uam_receive(p_key text, p_kind text, p_account integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result;
BEGIN
  IF p_kind NOT IN ('top_up', 'credit_refund') THEN
    PERFORM uam_fail('VALIDATION_FAILED', format('%s is not money received', p_kind), '{"field":"kind"}');
  END IF;
  o := uam_open(p_key, p_kind, p_account, p_amount, p_actor);
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_move(r.transaction_id, (o.locked).enterprise_id,
    p_account, CASE p_kind WHEN 'top_up' THEN 'ext_topup' ELSE 'ext_refund' END, NULL,
    p_account, CASE p_kind WHEN 'top_up' THEN 'own_cash' ELSE 'credit_refund' END, NULL, p_amount);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account]);
  RETURN r;
END $$;

-- A usage charge: valid coupons first (soonest to expire first), then transfer books (oldest first), then own
-- cash, then credit (monthly uncleared). Consumption is never refused for lack of funds: it is already used;
-- an account left at or below 0 available is stopped.
CREATE FUNCTION uam_consume(p_key text, p_account integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE
  o record; a accounts; r uam_result; c record; v_left bigint := p_amount; v_take bigint;
BEGIN
  o := uam_open(p_key, 'consume', p_account, p_amount, p_actor);
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  a := o.locked;
  IF a.coupon_balance > 0 THEN
    FOR c IN SELECT id, remaining FROM coupons
             WHERE account_id = p_account AND remaining > 0 AND expired_at IS NULL
               AND valid_from <= now() AND valid_to > now()
             ORDER BY valid_to, id FOR UPDATE
    LOOP
      EXIT WHEN v_left = 0;
      v_take := least(v_left, c.remaining);
      UPDATE coupons SET remaining = remaining - v_take WHERE id = c.id;
      PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'coupons', NULL, -v_take);
      v_left := v_left - v_take;
    END LOOP;
  END IF;
  IF v_left > 0 AND a.transfer_book > 0 THEN
    FOR c IN SELECT source_account_id, balance FROM ledger_accounts
             WHERE account_id = p_account AND kind = 'transfer_book' AND balance > 0 ORDER BY id
    LOOP
      EXIT WHEN v_left = 0;
      v_take := least(v_left, c.balance);
      PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'transfer_book', c.source_account_id, -v_take);
      v_left := v_left - v_take;
    END LOOP;
  END IF;
  v_take := least(v_left, a.own_cash);
  IF v_take > 0 THEN
    PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'own_cash', NULL, -v_take);
    v_left := v_left - v_take;
  END IF;
  IF v_left > 0 THEN
    PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'monthly_uncleared', NULL, -v_left);
  END IF;
  PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'ext_consumption', NULL, p_amount);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account], true);
  RETURN r;
END $$;

CREATE FUNCTION uam_issue_coupon(p_key text, p_account integer, p_amount bigint,
  p_valid_from timestamptz, p_valid_to timestamptz, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE
  a accounts; r uam_result;
  req jsonb := jsonb_build_object('account', p_account, 'amount', p_amount::text, 'validFrom', p_valid_from, 'validTo', p_valid_to);
BEGIN
  PERFORM uam_check_amount(p_amount);
  IF p_valid_to IS NULL OR p_valid_from IS NULL OR p_valid_to <= p_valid_from THEN
    PERFORM uam_fail('VALIDATION_FAILED', 'a coupon must be valid until after it becomes valid', '{"field":"validTo"}');
  END IF;
  r := uam_replay(p_key, 'issue_coupon', req);
  IF r.transaction_id IS NULL THEN
    a := uam_lock_account(p_account);
    r := uam_begin(p_key, 'issue_coupon', a.enterprise_id, req, p_actor);
  END IF;
  IF r.replayed THEN
    r.ref_id := (SELECT id FROM coupons WHERE transaction_id = r.transaction_id);
    RETURN r;
  END IF;
  PERFORM uam_move(r.transaction_id, a.enterprise_id, p_account, 'ext_coupon', NULL, p_account, 'coupons', NULL, p_amount);
  INSERT INTO coupons (enterprise_id, account_id, amount, remaining, valid_from, valid_to, transaction_id)
  VALUES (a.enterprise_id, p_account, p_amount, p_amount, p_valid_from, p_valid_to, r.transaction_id)
  RETURNING id INTO r.ref_id;
  RETURN r;
END $$;

-- Ends a coupon (its window has passed, or it is withdrawn): what is left of it goes back to the issuer.
-- Expiring an expired coupon is a no-op; one with nothing left is only marked.
CREATE FUNCTION uam_expire_coupon(p_coupon bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE a accounts; c coupons; r uam_result; v_key text := format('coupon-expire:%s', p_coupon);
BEGIN
  SELECT * INTO c FROM coupons WHERE id = p_coupon;
  IF NOT FOUND THEN
    PERFORM uam_fail('NOT_FOUND', format('coupon %s does not exist', p_coupon), jsonb_build_object('couponId', p_coupon::text));
  END IF;
  SELECT * INTO a FROM accounts WHERE id = c.account_id FOR NO KEY UPDATE;
  SELECT * INTO c FROM coupons WHERE id = p_coupon FOR UPDATE;
  IF c.expired_at IS NOT NULL THEN
    RETURN coalesce(uam_replay(v_key, 'expire_coupon', jsonb_build_object('coupon', p_coupon::text)), ROW(NULL, true, p_coupon)::uam_result);
  END IF;
  UPDATE coupons SET expired_at = now(), remaining = 0 WHERE id = p_coupon;
  IF c.remaining = 0 THEN RETURN ROW(NULL, false, p_coupon)::uam_result; END IF;
  r := uam_begin(v_key, 'expire_coupon', c.enterprise_id, jsonb_build_object('coupon', p_coupon::text), p_actor);
  PERFORM uam_move(r.transaction_id, c.enterprise_id, c.account_id, 'coupons', NULL, c.account_id, 'ext_coupon', NULL, c.remaining);
  r.ref_id := p_coupon;
  RETURN r;
END $$;

-- Repayment clears historical uncleared first, then monthly. Paying more than is owed is refused.
CREATE FUNCTION uam_repay(p_key text, p_account integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE a accounts; r uam_result; v_hist bigint; req jsonb := jsonb_build_object('account', p_account, 'amount', p_amount::text);
BEGIN
  PERFORM uam_check_amount(p_amount);
  r := uam_replay(p_key, 'repay', req);
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  a := uam_lock_account(p_account);
  r := uam_begin(p_key, 'repay', a.enterprise_id, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  IF p_amount > a.historical_uncleared + a.monthly_uncleared THEN
    PERFORM uam_fail('REPAYMENT_EXCEEDS_DEBT',
      format('repayment exceeds the %s fen account %s owes', a.historical_uncleared + a.monthly_uncleared, p_account),
      jsonb_build_object('maximum', (a.historical_uncleared + a.monthly_uncleared)::text));
  END IF;
  v_hist := least(p_amount, a.historical_uncleared);
  PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'ext_repayment', NULL, -p_amount);
  IF v_hist > 0 THEN
    PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'historical_uncleared', NULL, v_hist);
  END IF;
  IF p_amount > v_hist THEN
    PERFORM uam_entry(r.transaction_id, a.enterprise_id, p_account, 'monthly_uncleared', NULL, p_amount - v_hist);
  END IF;
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account]);
  RETURN r;
END $$;

-- Month-end close of one account: this month's uncleared becomes historical. Keyed by period, so closing a
-- month twice moves nothing the second time. Accounts with nothing uncleared are skipped (no transaction).
CREATE FUNCTION uam_close_month(p_period text, p_account integer, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE a accounts; r uam_result; v_key text := format('month-close:%s:%s', p_period, p_account);
  req jsonb := jsonb_build_object('account', p_account, 'period', p_period);
BEGIN
  IF p_period !~ '^\d{4}-(0[1-9]|1[0-2])$' THEN
    PERFORM uam_fail('VALIDATION_FAILED', 'period must be YYYY-MM', '{"field":"period"}');
  END IF;
  r := uam_replay(v_key, 'close_month', req);
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  SELECT * INTO a FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
  IF NOT FOUND OR a.monthly_uncleared = 0 THEN RETURN ROW(NULL, false, NULL)::uam_result; END IF;
  r := uam_begin(v_key, 'close_month', a.enterprise_id, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_move(r.transaction_id, a.enterprise_id, p_account, 'historical_uncleared', NULL,
                   p_account, 'monthly_uncleared', NULL, a.monthly_uncleared);
  RETURN r;
END $$;
