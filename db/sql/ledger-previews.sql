-- Previews: what a guarded operation allows now and why, read without locks, for the panels before a user
-- commits (GET /…/preview) and for the prompt checks before a workflow starts. Each raises what the operation
-- would raise for its accounts and amount; with p_refuse also the operation's refusal for an amount over the
-- maximum (same code, same details: the terms of ledger-limits.sql).

-- The two accounts a preview is about, with the refusals the operation would meet for them and the amount.
CREATE FUNCTION uam_read_pair(p_first integer, p_second integer, p_amount bigint, OUT first_row accounts, OUT second_row accounts)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_amount IS NOT NULL THEN PERFORM uam_check_amount(p_amount); END IF;
  SELECT * INTO first_row FROM accounts WHERE id = p_first;
  SELECT * INTO second_row FROM accounts WHERE id = p_second;
  PERFORM uam_check_pair(p_first, p_second, first_row, second_row);
END $$;

-- A transfer from p_from to p_to, or a withdrawal from holder p_from back to source p_to: {from, to}, the
-- limit, and with p_amount whether it is allowed. approvalThreshold: the enterprise's dual-control threshold.
-- p_hold_key: the movement's own hold; once it exists (a check run again after a crash) its funds are no
-- longer in the maximum and the hold itself proved them, so the amount is not judged again.
CREATE FUNCTION uam_preview_movement(p_purpose text, p_from integer, p_to integer, p_amount bigint DEFAULT NULL,
  p_refuse boolean DEFAULT false, p_hold_key text DEFAULT NULL) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE p record := uam_read_pair(p_from, p_to, p_amount);
BEGIN
  IF EXISTS (SELECT FROM ledger_transactions WHERE idempotency_key = p_hold_key) THEN p_amount := NULL; END IF;
  RETURN jsonb_build_object('from', p_from, 'to', p_to)
    || uam_judge(uam_movement_code(p_purpose), uam_movement_terms(p_purpose, p.first_row, p.second_row), p_amount, p_refuse,
      uam_movement_figures(p_purpose, p.first_row, p.second_row))
    || jsonb_build_object('approvalThreshold', (SELECT dual_control_threshold::text FROM enterprises WHERE id = (p.first_row).enterprise_id));
END $$;

CREATE FUNCTION uam_preview_transfer(p_from integer, p_to integer, p_amount bigint DEFAULT NULL, p_refuse boolean DEFAULT false)
RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT uam_preview_movement('transfer', p_from, p_to, p_amount, p_refuse) $$;

-- p_holder holds funds p_source transferred; they go back to p_source.
CREATE FUNCTION uam_preview_withdrawal(p_holder integer, p_source integer, p_amount bigint DEFAULT NULL, p_refuse boolean DEFAULT false)
RETURNS jsonb LANGUAGE sql STABLE AS $$ SELECT uam_preview_movement('withdrawal', p_holder, p_source, p_amount, p_refuse) $$;

-- Setting p_account's credit limit to p_new_limit.
CREATE FUNCTION uam_preview_credit_change(p_account integer, p_new_limit bigint, p_accept_stop boolean DEFAULT false)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE a accounts; e enterprises;
BEGIN
  PERFORM uam_check_amount(p_new_limit, 'newLimit', true);
  SELECT * INTO a FROM accounts WHERE id = p_account;
  PERFORM uam_check_account(p_account, a);
  SELECT * INTO e FROM enterprises WHERE id = a.enterprise_id;
  RETURN uam_judge_credit_change(e, a, p_new_limit - a.credit_limit, p_accept_stop, false);
END $$;

-- Moving p_amount (or, without it, the most possible) of credit limit from p_from to p_to.
CREATE FUNCTION uam_preview_credit_move(p_from integer, p_to integer, p_amount bigint DEFAULT NULL, p_accept_stop boolean DEFAULT false)
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE p record := uam_read_pair(p_from, p_to, p_amount);
BEGIN
  PERFORM uam_check_member(p.second_row);
  RETURN jsonb_build_object('from', p_from, 'to', p_to)
    || uam_judge_decrease(p.first_row, p_amount, p_accept_stop, false, jsonb_build_object('from', p_from, 'to', p_to));
END $$;

-- Whether the enterprise could be given this total credit limit now (a reviewer's approval is checked before
-- the contract is sent).
CREATE FUNCTION uam_preview_credit_total(p_enterprise integer, p_public bigint, p_hybrid bigint) RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE e enterprises;
BEGIN
  SELECT * INTO e FROM enterprises WHERE id = p_enterprise;
  IF NOT FOUND THEN PERFORM uam_fail('ENTERPRISE_NOT_FOUND', jsonb_build_object('enterpriseId', p_enterprise)); END IF;
  PERFORM uam_check_credit_total(e, p_public, p_hybrid);
END $$;
