-- Enterprise credit: the total set by a confirmed application, and members' limits assigned out of it.
-- Every operation opens with uam_open_enterprise: the enterprise first, then its accounts.

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

-- A total credit limit the enterprise e could have: parts of zero or more, and never below what is already
-- assigned to members.
CREATE FUNCTION uam_check_credit_total(e enterprises, p_public bigint, p_hybrid bigint) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM uam_check_amount(p_public, 'publicCloud', true);
  PERFORM uam_check_amount(p_hybrid, 'hybridCloud', true);
  PERFORM uam_check_amount(p_public + p_hybrid, 'total', true);
  IF p_public + p_hybrid < e.credit_assigned THEN
    PERFORM uam_fail('CREDIT_BELOW_ASSIGNED', jsonb_build_object('enterpriseId', e.id, 'total', (p_public + p_hybrid)::text,
      'assigned', e.credit_assigned::text, 'minimum', e.credit_assigned::text));
  END IF;
END $$;

-- Sets the enterprise total credit limit (public + hybrid cloud parts). The same total again is refused as a
-- no-op, or with p_same_ok (an application approved for the total already in force) changes nothing.
CREATE FUNCTION uam_set_enterprise_credit(p_key text, p_enterprise integer, p_public bigint, p_hybrid bigint,
  p_actor text, p_reason text, p_same_ok boolean DEFAULT false) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; e enterprises; r uam_result; v_old bigint; v_new bigint := p_public + p_hybrid;
  req jsonb := jsonb_build_object('enterprise', p_enterprise, 'public', p_public::text, 'hybrid', p_hybrid::text);
BEGIN
  o := uam_open_enterprise(p_key, 'set_enterprise_credit', p_enterprise, NULL, p_actor, req, p_claim => false);
  IF (o.result).transaction_id IS NOT NULL THEN RETURN o.result; END IF;
  e := o.e;
  v_old := e.credit_public + e.credit_hybrid;
  PERFORM uam_check_credit_total(e, p_public, p_hybrid);
  IF v_new = v_old THEN
    IF p_same_ok THEN RETURN ROW(NULL, false, NULL)::uam_result; END IF;
    PERFORM uam_fail('INVALID_STATE', jsonb_build_object('enterpriseId', p_enterprise, 'total', v_old::text));
  END IF;
  r := uam_begin(p_key, 'set_enterprise_credit', p_enterprise, req, p_actor);
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_post(r.transaction_id, p_enterprise, uam_leg(NULL, 'credit_facility', NULL, v_old - v_new),
    uam_leg(NULL, 'credit_available', NULL, v_new - v_old));
  UPDATE enterprises SET credit_public = p_public, credit_hybrid = p_hybrid WHERE id = p_enterprise;
  PERFORM uam_record_credit_change(r.transaction_id, p_enterprise, NULL, p_actor, v_old, v_new, p_reason);
  RETURN r;
END $$;

-- Applies a checked change of p_delta to a's credit limit: out of (or back to) the enterprise's available
-- credit, with its change record and messages.
CREATE FUNCTION uam_apply_credit_change(p_txn bigint, e enterprises, a accounts, p_delta bigint, p_actor text, p_reason text)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  PERFORM uam_post(p_txn, e.id, uam_leg(NULL, 'credit_available', NULL, -p_delta), uam_leg(a.id, 'credit_limit', NULL, p_delta));
  UPDATE enterprises SET credit_assigned = credit_assigned + p_delta WHERE id = e.id;
  PERFORM uam_record_credit_change(p_txn, e.id, a.id, p_actor, a.credit_limit, a.credit_limit + p_delta, p_reason);
  PERFORM uam_after_change(p_txn, ARRAY[a.id], true);
END $$;

-- Raises (p_delta > 0) or lowers (p_delta < 0) a member's credit limit against the enterprise's available quota.
CREATE FUNCTION uam_change_member_credit(p_key text, p_account integer, p_delta bigint, p_accept_stop boolean,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result;
BEGIN
  PERFORM uam_check_amount(abs(p_delta), 'delta');
  o := uam_open_enterprise(p_key, 'change_member_credit', NULL, ARRAY[p_account], p_actor,
    jsonb_build_object('account', p_account, 'delta', p_delta::text, 'acceptStop', coalesce(p_accept_stop, false)));
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_judge_credit_change(o.e, o.first_row, p_delta, p_accept_stop, true); -- the preview's limit (ledger-limits.sql)
  PERFORM uam_apply_credit_change(r.transaction_id, o.e, o.first_row, p_delta, p_actor, p_reason);
  RETURN r;
END $$;

-- Sets a member's credit limit to p_new_limit: the difference from the limit it has, read under the
-- enterprise's lock. A retry under the key returns the first result, whatever the limit is by then.
CREATE FUNCTION uam_set_member_credit(p_key text, p_account integer, p_new_limit bigint, p_accept_stop boolean,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; r uam_result; v_delta bigint;
BEGIN
  PERFORM uam_check_amount(p_new_limit, 'newLimit', true);
  o := uam_open_enterprise(p_key, 'set_member_credit', NULL, ARRAY[p_account], p_actor,
    jsonb_build_object('account', p_account, 'newLimit', p_new_limit::text, 'acceptStop', coalesce(p_accept_stop, false)));
  r := o.result;
  IF r.replayed THEN RETURN r; END IF;
  v_delta := p_new_limit - (o.first_row).credit_limit;
  PERFORM uam_judge_credit_change(o.e, o.first_row, v_delta, p_accept_stop, true);
  PERFORM uam_apply_credit_change(r.transaction_id, o.e, o.first_row, v_delta, p_actor, p_reason);
  RETURN r;
END $$;

-- Moves credit limit from one member to another in one step; the enterprise's assigned total is unchanged.
CREATE FUNCTION uam_move_member_credit(p_key text, p_from integer, p_to integer, p_amount bigint, p_accept_stop boolean,
  p_actor text, p_reason text) RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record; f accounts; t accounts; r uam_result;
BEGIN
  PERFORM uam_check_amount(p_amount);
  o := uam_open_enterprise(p_key, 'move_member_credit', NULL, ARRAY[p_from, p_to], p_actor, jsonb_build_object('from', p_from,
    'to', p_to, 'amount', p_amount::text, 'acceptStop', coalesce(p_accept_stop, false)));
  r := o.result; f := o.first_row; t := o.second_row;
  IF r.replayed THEN RETURN r; END IF;
  PERFORM uam_check_member(t);
  PERFORM uam_judge_decrease(f, p_amount, p_accept_stop, true, jsonb_build_object('from', p_from, 'to', p_to));
  PERFORM uam_post(r.transaction_id, (o.e).id, uam_leg(p_from, 'credit_limit', NULL, -p_amount), uam_leg(p_to, 'credit_limit', NULL, p_amount));
  PERFORM uam_record_credit_change(r.transaction_id, (o.e).id, p_from, p_actor, f.credit_limit, f.credit_limit - p_amount, p_reason);
  PERFORM uam_record_credit_change(r.transaction_id, (o.e).id, p_to, p_actor, t.credit_limit, t.credit_limit + p_amount, p_reason);
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_from, p_to], true);
  RETURN r;
END $$;
