-- What each guarded operation allows now, and why. A limit is {maximum, limitedBy, terms}: each term is a bound
-- with its figure, the maximum is the smallest bound (never below 0) and limitedBy the term that sets it. The
-- uam_preview_* functions answer with a limit before anything is asked; the operations compute the same limit
-- under their locks and refuse with it as their details (uam_judge), so a preview and a refusal always agree.
-- Amounts in limits are fen as text (JSON numbers lose precision above 2^53 in JavaScript).

-- One term of a limit. p_limits = false: shown to explain another term, bounds nothing (a transfer's transfer book).
CREATE FUNCTION uam_term(p_term text, p_amount bigint, p_limits boolean DEFAULT true) RETURNS jsonb
LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object('term', p_term, 'amount', p_amount::text, 'limits', p_limits)
$$;

-- The limit set by some terms; on a tie the earlier term is named.
CREATE FUNCTION uam_limit(p_terms jsonb) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t jsonb; v_best jsonb;
BEGIN
  FOR t IN SELECT value FROM jsonb_array_elements(p_terms) LOOP
    IF (t->>'limits')::boolean AND (v_best IS NULL OR (t->>'amount')::bigint < (v_best->>'amount')::bigint) THEN
      v_best := t;
    END IF;
  END LOOP;
  RETURN jsonb_build_object('maximum', greatest(0, (v_best->>'amount')::bigint)::text, 'limitedBy', v_best->>'term',
    'terms', p_terms);
END $$;

-- Transfer from a: its own cash (cash balance − transfer book: received funds are never sent on) within its
-- available quota.
CREATE FUNCTION uam_transfer_limit(a accounts) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT uam_limit(jsonb_build_array(uam_term('own_cash', a.own_cash), uam_term('available', a.available))
    || CASE WHEN a.transfer_book > 0 THEN jsonb_build_array(uam_term('transfer_book', a.transfer_book, false)) ELSE '[]' END)
$$;

-- Withdrawal from holder b back to p_source: what the source sent b and has not taken back, what of it b still
-- holds unconsumed in its transfer book from the source, and b's available quota. The book never holds more
-- than was sent and not taken back, so "unwithdrawn" is named when the two are equal (nothing consumed).
CREATE FUNCTION uam_withdrawal_limit(b accounts, p_source integer) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT uam_limit(jsonb_build_array(
    uam_term('unwithdrawn', coalesce(t.transferred - t.withdrawn, 0)),
    uam_term('transfer_book_from_source', coalesce(t.balance, 0)),
    uam_term('available', b.available)))
  FROM (SELECT) one LEFT JOIN ledger_accounts t ON t.enterprise_id = b.enterprise_id AND t.account_id = b.id
    AND t.kind = 'transfer_book' AND t.source_account_id = p_source
$$;

-- Raising a member's credit limit: the enterprise's credit not yet assigned.
CREATE FUNCTION uam_increase_limit(e enterprises) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT uam_limit(jsonb_build_array(uam_term('enterprise_available', e.credit_public + e.credit_hybrid - e.credit_assigned)))
$$;

-- Lowering a's credit limit (or moving it away): the limit itself and, unless the caller accepts that the
-- account will be stopped, the most that leaves it more than 0 available.
CREATE FUNCTION uam_decrease_limit(a accounts, p_accept_stop boolean) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT uam_limit(jsonb_build_array(uam_term('credit_limit', a.credit_limit))
    || CASE WHEN coalesce(p_accept_stop, false) THEN '[]' ELSE jsonb_build_array(uam_term('would_stop', a.available - 1)) END)
$$;

-- The answer for an amount: the limit with the amount and whether it is allowed. With p_refuse an amount over
-- the maximum raises p_code with the limit (and p_figures) as details instead.
CREATE FUNCTION uam_judge(p_code text, p_limit jsonb, p_amount bigint, p_refuse boolean, p_figures jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF p_amount IS NULL THEN RETURN p_limit; END IF;
  IF p_refuse AND p_amount > (p_limit->>'maximum')::bigint THEN
    PERFORM uam_fail(p_code, format('%s: %s fen is more than the %s fen allowed', p_code, p_amount, p_limit->>'maximum'),
      p_figures || p_limit || jsonb_build_object('amount', p_amount::text));
  END IF;
  RETURN p_limit || jsonb_build_object('amount', p_amount::text, 'allowed', p_amount <= (p_limit->>'maximum')::bigint);
END $$;

-- A transfer (a → b) or withdrawal (holder a → source b) judged for p_amount: {from, to} and its limit.
CREATE FUNCTION uam_judge_movement(p_purpose text, a accounts, b accounts, p_amount bigint, p_refuse boolean)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('from', a.id, 'to', b.id) || uam_judge(
    CASE p_purpose WHEN 'transfer' THEN 'TRANSFER_EXCEEDS_MAXIMUM' ELSE 'WITHDRAWAL_EXCEEDS_MAXIMUM' END,
    CASE p_purpose WHEN 'transfer' THEN uam_transfer_limit(a) ELSE uam_withdrawal_limit(a, b.id) END,
    p_amount, p_refuse, jsonb_build_object('kind', p_purpose, 'from', a.id, 'to', b.id))
$$;

-- A decrease of p_amount on a's credit limit (or a move away from a): more than its limit is
-- CREDIT_DECREASE_EXCEEDS_LIMIT, more than keeps it running (not accepted) WOULD_STOP_ACCOUNT.
CREATE FUNCTION uam_judge_decrease(a accounts, p_amount bigint, p_accept_stop boolean, p_refuse boolean, p_figures jsonb)
RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT uam_judge(CASE WHEN p_amount > a.credit_limit THEN 'CREDIT_DECREASE_EXCEEDS_LIMIT' ELSE 'WOULD_STOP_ACCOUNT' END,
    uam_decrease_limit(a, p_accept_stop), p_amount, p_refuse,
    p_figures || jsonb_build_object('accountId', a.id, 'available', a.available::text,
      'availableAfter', (a.available - p_amount)::text, 'maximumWithoutStop', (uam_decrease_limit(a, false)->>'maximum')))
$$;

-- Credit limit is assigned to member accounts: the MA account is given none (it may still give back one it has).
CREATE FUNCTION uam_check_member(a accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a.kind <> 'member' THEN
    PERFORM uam_fail('CREDIT_LIMIT_MEMBERS_ONLY', format('account %s is the MA account: credit limits go to members', a.id),
      jsonb_build_object('accountId', a.id));
  END IF;
END $$;

-- A change of a's credit limit by p_delta judged against the enterprise e: {accountId, currentLimit, newLimit,
-- direction} and the limit of that direction. No change at all is INVALID_STATE when refusing.
CREATE FUNCTION uam_judge_credit_change(e enterprises, a accounts, p_delta bigint, p_accept_stop boolean, p_refuse boolean)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb := jsonb_build_object('accountId', a.id, 'currentLimit', a.credit_limit::text,
  'newLimit', (a.credit_limit + p_delta)::text, 'direction', CASE WHEN p_delta < 0 THEN 'decrease' ELSE 'increase' END);
BEGIN
  IF p_delta = 0 AND p_refuse THEN
    PERFORM uam_fail('INVALID_STATE', format('account %s already has a credit limit of %s fen', a.id, a.credit_limit),
      jsonb_build_object('accountId', a.id, 'creditLimit', a.credit_limit::text));
  ELSIF p_delta < 0 THEN
    RETURN v || uam_judge_decrease(a, -p_delta, p_accept_stop, p_refuse, v);
  END IF;
  IF p_delta > 0 THEN PERFORM uam_check_member(a); END IF;
  v := v || uam_judge('CREDIT_EXCEEDS_AVAILABLE', uam_increase_limit(e), p_delta, p_refuse, v);
  RETURN CASE WHEN p_delta = 0 THEN v || '{"allowed": false}' ELSE v END;
END $$;

-- The two accounts a preview is about, read without locks, with the refusals the operation would meet for
-- them and for the amount.
CREATE FUNCTION uam_read_pair(p_first integer, p_second integer, p_amount bigint, OUT first_row accounts, OUT second_row accounts)
LANGUAGE plpgsql STABLE AS $$
BEGIN
  IF p_amount IS NOT NULL THEN PERFORM uam_check_amount(p_amount); END IF;
  SELECT * INTO first_row FROM accounts WHERE id = p_first;
  SELECT * INTO second_row FROM accounts WHERE id = p_second;
  PERFORM uam_check_pair(p_first, p_second, first_row, second_row);
END $$;

-- What a transfer from p_from to p_to allows now; with p_amount whether that amount is, and with p_refuse the
-- refusal a transfer of it would meet. approvalThreshold: the enterprise's dual-control threshold.
CREATE FUNCTION uam_preview_movement(p_purpose text, p_from integer, p_to integer, p_amount bigint DEFAULT NULL,
  p_refuse boolean DEFAULT false) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE p record := uam_read_pair(p_from, p_to, p_amount);
BEGIN
  RETURN uam_judge_movement(p_purpose, p.first_row, p.second_row, p_amount, p_refuse) || jsonb_build_object('approvalThreshold',
    (SELECT dual_control_threshold::text FROM enterprises WHERE id = (p.first_row).enterprise_id));
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
  IF p_new_limit IS NULL OR p_new_limit < 0 OR p_new_limit >= 100000000000000000 THEN
    PERFORM uam_fail('INVALID_AMOUNT', 'newLimit must be zero or more and below 10^15 yuan', jsonb_build_object('field', 'newLimit'));
  END IF;
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
