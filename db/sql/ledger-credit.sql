-- Enterprise credit: the total set by a confirmed application, and members' limits assigned out of it.

CREATE FUNCTION uam_lock_enterprise(p_enterprise integer) RETURNS enterprises LANGUAGE plpgsql AS $$
DECLARE e enterprises;
BEGIN
  SELECT * INTO e FROM enterprises WHERE id = p_enterprise FOR NO KEY UPDATE;
  IF NOT FOUND THEN
    PERFORM uam_fail('ENTERPRISE_NOT_FOUND', format('enterprise %s does not exist', p_enterprise),
      jsonb_build_object('enterpriseId', p_enterprise));
  END IF;
  RETURN e;
END $$;

-- The enterprise of an account, locked: credit changes lock the enterprise before any account.
CREATE FUNCTION uam_lock_enterprise_of(p_account integer) RETURNS enterprises LANGUAGE plpgsql AS $$
DECLARE v_ent integer;
BEGIN
  SELECT enterprise_id INTO v_ent FROM accounts WHERE id = p_account;
  IF NOT FOUND THEN
    PERFORM uam_fail('ACCOUNT_NOT_FOUND', format('account %s does not exist', p_account), jsonb_build_object('accountId', p_account));
  END IF;
  RETURN uam_lock_enterprise(v_ent);
END $$;

CREATE FUNCTION uam_record_credit_change(p_txn bigint, p_enterprise integer, p_account integer, p_actor text,
  p_old bigint, p_new bigint, p_reason text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO credit_changes (enterprise_id, account_id, actor, old_limit, new_limit, reason, transaction_id)
  VALUES (p_enterprise, p_account, p_actor, p_old, p_new, coalesce(p_reason, ''), p_txn);
  INSERT INTO outbox (topic, dedupe_key, payload) VALUES (
    CASE WHEN p_account IS NULL THEN 'credit.enterprise_changed' ELSE 'credit.member_changed' END,
    format('credit.changed:%s:%s', p_txn, coalesce(p_account, 0)),
    jsonb_build_object('enterpriseId', p_enterprise, 'accountId', p_account, 'oldLimit', p_old::text,
                       'newLimit', p_new::text, 'actor', p_actor, 'reason', coalesce(p_reason, ''), 'transactionId', p_txn::text));
END $$;

-- Sets the enterprise total credit limit (public + hybrid cloud parts); never below what is already assigned.
CREATE FUNCTION uam_set_enterprise_credit(p_key text, p_enterprise integer, p_public bigint, p_hybrid bigint,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE e enterprises; r uam_result; v_old bigint; v_new bigint;
  req jsonb := jsonb_build_object('enterprise', p_enterprise, 'public', p_public::text, 'hybrid', p_hybrid::text);
BEGIN
  IF p_public IS NULL OR p_hybrid IS NULL OR p_public < 0 OR p_hybrid < 0
     OR p_public + p_hybrid >= 100000000000000000 THEN
    PERFORM uam_fail('INVALID_AMOUNT', 'credit limits must be zero or more and below 10^15 yuan', '{"field":"total"}');
  END IF;
  r := uam_replay(p_key, 'set_enterprise_credit', req);
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  e := uam_lock_enterprise(p_enterprise);
  r := uam_begin(p_key, 'set_enterprise_credit', p_enterprise, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  v_old := e.credit_public + e.credit_hybrid;
  v_new := p_public + p_hybrid;
  IF v_new < e.credit_assigned THEN
    PERFORM uam_fail('CREDIT_BELOW_ASSIGNED',
      format('the total credit limit cannot be %s fen: %s fen is already assigned to members', v_new, e.credit_assigned),
      jsonb_build_object('assigned', e.credit_assigned::text, 'minimum', e.credit_assigned::text));
  END IF;
  IF v_new = v_old THEN
    PERFORM uam_fail('INVALID_STATE', format('the total credit limit is already %s fen', v_old), jsonb_build_object('total', v_old::text));
  END IF;
  PERFORM uam_move(r.transaction_id, p_enterprise, NULL, 'credit_facility', NULL, NULL, 'credit_available', NULL, v_new - v_old);
  UPDATE enterprises SET credit_public = p_public, credit_hybrid = p_hybrid WHERE id = p_enterprise;
  PERFORM uam_record_credit_change(r.transaction_id, p_enterprise, NULL, p_actor, v_old, v_new, p_reason);
  RETURN r;
END $$;

-- Raises (p_delta > 0) or lowers (p_delta < 0) a member's credit limit against the enterprise's available quota.
CREATE FUNCTION uam_change_member_credit(p_key text, p_account integer, p_delta bigint, p_accept_stop boolean,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE e enterprises; a accounts; r uam_result; v_ent integer;
  req jsonb := jsonb_build_object('account', p_account, 'delta', p_delta::text, 'acceptStop', coalesce(p_accept_stop, false));
BEGIN
  PERFORM uam_check_amount(abs(p_delta));
  r := uam_replay(p_key, 'change_member_credit', req);
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  e := uam_lock_enterprise_of(p_account);   -- enterprise before accounts: the fixed lock order
  v_ent := e.id;
  a := uam_lock_account(p_account);
  r := uam_begin(p_key, 'change_member_credit', v_ent, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_judge_credit_change(e, a, p_delta, p_accept_stop, true); -- the preview's limit (ledger-limits.sql)
  PERFORM uam_move(r.transaction_id, v_ent, NULL, 'credit_available', NULL, p_account, 'credit_limit', NULL, p_delta);
  UPDATE enterprises SET credit_assigned = credit_assigned + p_delta WHERE id = v_ent;
  PERFORM uam_record_credit_change(r.transaction_id, v_ent, p_account, p_actor, a.credit_limit, a.credit_limit + p_delta, p_reason);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_account], true);
  RETURN r;
END $$;

-- Moves credit limit from one member to another in one step; the enterprise's assigned total is unchanged.
CREATE FUNCTION uam_move_member_credit(p_key text, p_from integer, p_to integer, p_amount bigint, p_accept_stop boolean,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE l record; f accounts; t accounts; r uam_result; v_ent integer;
  req jsonb := jsonb_build_object('from', p_from, 'to', p_to, 'amount', p_amount::text, 'acceptStop', coalesce(p_accept_stop, false));
BEGIN
  PERFORM uam_check_amount(p_amount);
  r := uam_replay(p_key, 'move_member_credit', req);
  IF r.transaction_id IS NOT NULL THEN RETURN r; END IF;
  v_ent := (uam_lock_enterprise_of(p_from)).id;
  l := uam_lock_pair(p_from, p_to);
  f := l.first_row; t := l.second_row;
  r := uam_begin(p_key, 'move_member_credit', v_ent, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_check_member(t);
  PERFORM uam_judge_decrease(f, p_amount, p_accept_stop, true, jsonb_build_object('from', p_from, 'to', p_to));
  PERFORM uam_move(r.transaction_id, v_ent, p_from, 'credit_limit', NULL, p_to, 'credit_limit', NULL, p_amount);
  PERFORM uam_record_credit_change(r.transaction_id, v_ent, p_from, p_actor, f.credit_limit, f.credit_limit - p_amount, p_reason);
  PERFORM uam_record_credit_change(r.transaction_id, v_ent, p_to, p_actor, t.credit_limit, t.credit_limit + p_amount, p_reason);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_from, p_to], true);
  RETURN r;
END $$;
