-- Closing and reopening an account: a money rule, so it is decided here, under the account's row lock, the
-- same lock (FOR NO KEY UPDATE) every posting takes. A posting that comes first leaves money the close then
-- sees and refuses; a close that comes first leaves a closed account that the openers (ledger-core.sql)
-- refuse. The two can never both succeed.

-- Everything an account still holds or owes, one entry per kind that is not zero (fen as text):
-- cash (own cash), transfer book, credit limit, credit refund, debt (uncleared credit usage), coupons,
-- pending holds (reserved from it or on their way to it), and what it transferred to others that they have
-- not consumed and it could still withdraw. Read under the account's lock by uam_close_account.
CREATE FUNCTION uam_money_left(a accounts) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce(jsonb_agg(jsonb_build_object('kind', kind, 'amount', amount::text) ORDER BY ord), '[]'::jsonb)
  FROM (VALUES
    (1, 'cash', a.own_cash),
    (2, 'transfer_book', a.transfer_book),
    (3, 'credit_limit', a.credit_limit),
    (4, 'credit_refund', a.credit_refund),
    (5, 'debt', a.monthly_uncleared + a.historical_uncleared),
    (6, 'coupons', a.coupon_balance),
    (7, 'pending_holds', (SELECT coalesce(sum(amount), 0) FROM holds
                          WHERE status = 'pending' AND (from_account_id = a.id OR to_account_id = a.id))::bigint),
    (8, 'withdrawable_transferred', (SELECT coalesce(sum(greatest(0, least(balance, transferred - withdrawn))), 0)
                                     FROM ledger_accounts WHERE source_account_id = a.id AND kind = 'transfer_book')::bigint)
  ) AS left_over(ord, kind, amount)
  WHERE amount <> 0
$$;

-- Locks an account the way postings do (FOR NO KEY UPDATE), closed or not: closing and reopening must see it.
CREATE FUNCTION uam_lock_account_in_any_state(p_account integer) RETURNS accounts LANGUAGE plpgsql AS $$
DECLARE a accounts;
BEGIN
  SELECT * INTO a FROM accounts WHERE id = p_account FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    PERFORM uam_fail('ACCOUNT_NOT_FOUND', jsonb_build_object('accountId', p_account));
  END IF;
  RETURN a;
END $$;

-- Closes an account that holds nothing (see uam_money_left); refused with ACCOUNT_NOT_EMPTY listing each kind
-- of money left. The MA account is never closed: it is the enterprise's. Closing a closed account changes
-- nothing and returns false. Its alert is switched off (a closed account is never alerted).
CREATE FUNCTION uam_close_account(p_account integer, p_actor text, p_reason text DEFAULT NULL) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE a accounts; v_left jsonb;
BEGIN
  a := uam_lock_account_in_any_state(p_account);
  IF a.status = 'closed' THEN RETURN false; END IF;
  IF a.kind = 'ma' THEN
    PERFORM uam_fail('INVALID_STATE', jsonb_build_object('accountId', p_account, 'kind', 'ma'));
  END IF;
  v_left := uam_money_left(a);
  IF jsonb_array_length(v_left) > 0 THEN
    PERFORM uam_fail('ACCOUNT_NOT_EMPTY', jsonb_build_object('accountId', p_account, 'left', v_left));
  END IF;
  UPDATE accounts SET status = 'closed', alert_enabled = false WHERE id = p_account;
  INSERT INTO directory_changes (enterprise_id, account_id, action, actor, details)
  VALUES (a.enterprise_id, p_account, 'account.closed', p_actor, jsonb_strip_nulls(jsonb_build_object('reason', p_reason)));
  RETURN true;
END $$;

-- Reopens a closed account: it was empty when closed and nothing moved since, so it comes back active, like a
-- new account. Reopening an open account changes nothing
-- and returns false.
CREATE FUNCTION uam_reopen_account(p_account integer, p_actor text, p_reason text DEFAULT NULL) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE a accounts;
BEGIN
  a := uam_lock_account_in_any_state(p_account);
  IF a.status <> 'closed' THEN RETURN false; END IF;
  UPDATE accounts SET status = 'active' WHERE id = p_account;
  INSERT INTO directory_changes (enterprise_id, account_id, action, actor, details)
  VALUES (a.enterprise_id, p_account, 'account.reopened', p_actor, jsonb_strip_nulls(jsonb_build_object('reason', p_reason)));
  RETURN true;
END $$;
