-- What each guarded operation allows now, and why. Its terms are bounds with their figures (uam_term); the
-- maximum is the smallest bound (never below 0) and limitedBy the term that sets it. The uam_preview_*
-- functions answer with that limit before anything is asked; the operations check the same terms under their
-- locks (uam_enforce) and refuse with the limit as their details, so a preview and a refusal always agree.
-- In JSON, amounts are fen as text (JSON numbers lose precision above 2^53 in JavaScript). The SQL functions
-- here are STABLE, not IMMUTABLE, so Postgres inlines them into their callers (jsonb building is STABLE).

-- One term. p_limits = false: shown to explain another term, bounds nothing (a transfer's transfer book).
CREATE FUNCTION uam_term(p_term text, p_amount bigint, p_limits boolean DEFAULT true) RETURNS uam_term
LANGUAGE sql IMMUTABLE AS $$ SELECT ROW(p_term, p_amount, p_limits)::uam_term $$;

-- The smallest bound, and its term (the earlier one on a tie).
CREATE FUNCTION uam_bound(p_terms uam_term[]) RETURNS uam_term LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE t uam_term; v_best uam_term;
BEGIN
  FOREACH t IN ARRAY p_terms LOOP
    IF t.limits AND (v_best IS NULL OR t.amount < v_best.amount) THEN v_best := t; END IF;
  END LOOP;
  RETURN v_best;
END $$;

-- The limit set by some terms, as previews and refusals show it: {maximum, limitedBy, terms}.
CREATE FUNCTION uam_limit(p_terms uam_term[]) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('maximum', greatest(0, (uam_bound(p_terms)).amount)::text, 'limitedBy', (uam_bound(p_terms)).term,
    'terms', (SELECT jsonb_agg(jsonb_build_object('term', t.term, 'amount', t.amount::text, 'limits', t.limits)) FROM unnest(p_terms) t))
$$;

-- Transfer from a: its own cash (cash balance − transfer book: received funds are never sent on) within its
-- available quota.
CREATE FUNCTION uam_transfer_terms(a accounts) RETURNS uam_term[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[uam_term('own_cash', a.own_cash), uam_term('available', a.available)]
    || CASE WHEN a.transfer_book > 0 THEN ARRAY[uam_term('transfer_book', a.transfer_book, false)] ELSE '{}' END
$$;

-- Withdrawal from holder b back to p_source: what the source sent b and has not taken back, what of it b still
-- holds unconsumed in its transfer book from the source, and b's available quota. The book never holds more
-- than was sent and not taken back, so "unwithdrawn" is named when the two are equal (nothing consumed).
CREATE FUNCTION uam_withdrawal_terms(b accounts, p_source integer) RETURNS uam_term[] LANGUAGE plpgsql STABLE AS $$
DECLARE t ledger_accounts;
BEGIN
  SELECT * INTO t FROM ledger_accounts WHERE enterprise_id = b.enterprise_id AND account_id = b.id
    AND kind = 'transfer_book' AND source_account_id = p_source;
  RETURN ARRAY[uam_term('unwithdrawn', coalesce(t.transferred - t.withdrawn, 0)),
    uam_term('transfer_book_from_source', coalesce(t.balance, 0)), uam_term('available', b.available)];
END $$;

-- Raising a member's credit limit: the enterprise's credit not yet assigned.
CREATE FUNCTION uam_increase_terms(e enterprises) RETURNS uam_term[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[uam_term('enterprise_available', e.credit_public + e.credit_hybrid - e.credit_assigned)]
$$;

-- Lowering a's credit limit (or moving it away): the limit itself and, unless the caller accepts that the
-- account will be stopped, the most that leaves it more than 0 available.
CREATE FUNCTION uam_decrease_terms(a accounts, p_accept_stop boolean) RETURNS uam_term[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[uam_term('credit_limit', a.credit_limit)]
    || CASE WHEN coalesce(p_accept_stop, false) THEN '{}' ELSE ARRAY[uam_term('would_stop', a.available - 1)] END
$$;

-- A credit refund (of consumption paid on credit) on a: the credit-paid consumption not yet refunded.
CREATE FUNCTION uam_refund_terms(a accounts) RETURNS uam_term[] LANGUAGE sql IMMUTABLE AS $$
  SELECT ARRAY[uam_term('unrefunded_credit_use', a.credit_used - a.credit_refunded)]
$$;

-- The answer for an amount: the limit with the amount and whether it is allowed. With p_refuse an amount over
-- the maximum raises p_code with the limit (and p_figures) as details instead.
CREATE FUNCTION uam_judge(p_code text, p_terms uam_term[], p_amount bigint, p_refuse boolean, p_figures jsonb DEFAULT '{}')
RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
DECLARE v_allowed boolean := p_amount <= greatest(0, (uam_bound(p_terms)).amount);
BEGIN
  IF p_refuse AND NOT v_allowed THEN
    PERFORM uam_fail(p_code, p_figures || uam_limit(p_terms) || jsonb_build_object('amount', p_amount::text));
  END IF;
  RETURN uam_limit(p_terms) || CASE WHEN p_amount IS NULL THEN '{}'
    ELSE jsonb_build_object('amount', p_amount::text, 'allowed', v_allowed) END;
END $$;

-- What an operation checks under its locks: the amount within the terms, else the refusal uam_judge raises.
-- The limit is put into words only for a refusal, so an allowed posting pays for one comparison.
CREATE FUNCTION uam_enforce(p_code text, p_terms uam_term[], p_amount bigint, p_figures jsonb DEFAULT '{}') RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF p_amount > greatest(0, (uam_bound(p_terms)).amount) THEN PERFORM uam_judge(p_code, p_terms, p_amount, true, p_figures); END IF;
END $$;

-- The refusal code and terms of a transfer (a → b) or withdrawal (holder a → source b).
CREATE FUNCTION uam_movement_code(p_purpose text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_purpose WHEN 'transfer' THEN 'TRANSFER_EXCEEDS_MAXIMUM' ELSE 'WITHDRAWAL_EXCEEDS_MAXIMUM' END
$$;
CREATE FUNCTION uam_movement_terms(p_purpose text, a accounts, b accounts) RETURNS uam_term[] LANGUAGE sql STABLE AS $$
  SELECT CASE p_purpose WHEN 'transfer' THEN uam_transfer_terms(a) ELSE uam_withdrawal_terms(a, b.id) END
$$;
CREATE FUNCTION uam_movement_figures(p_purpose text, a accounts, b accounts) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('kind', p_purpose, 'from', a.id, 'to', b.id)
$$;

-- A decrease of p_amount on a's credit limit (or a move away from a): more than its limit is
-- CREDIT_DECREASE_EXCEEDS_LIMIT, more than keeps it running (not accepted) WOULD_STOP_ACCOUNT.
CREATE FUNCTION uam_judge_decrease(a accounts, p_amount bigint, p_accept_stop boolean, p_refuse boolean, p_figures jsonb)
RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT uam_judge(CASE WHEN p_amount > a.credit_limit THEN 'CREDIT_DECREASE_EXCEEDS_LIMIT' ELSE 'WOULD_STOP_ACCOUNT' END,
    uam_decrease_terms(a, p_accept_stop), p_amount, p_refuse,
    p_figures || jsonb_build_object('accountId', a.id, 'available', a.available::text,
      'availableAfter', (a.available - p_amount)::text, 'maximumWithoutStop', greatest(0, (uam_bound(uam_decrease_terms(a, false))).amount)::text))
$$;

-- Credit limit is assigned to member accounts: the MA account is given none (it may still give back one it has).
CREATE FUNCTION uam_check_member(a accounts) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF a.kind <> 'member' THEN PERFORM uam_fail('CREDIT_LIMIT_MEMBERS_ONLY', jsonb_build_object('accountId', a.id)); END IF;
END $$;

-- A change of a's credit limit by p_delta judged against the enterprise e: {accountId, currentLimit, newLimit,
-- direction} and the limit of that direction. No change at all is INVALID_STATE when refusing.
CREATE FUNCTION uam_judge_credit_change(e enterprises, a accounts, p_delta bigint, p_accept_stop boolean, p_refuse boolean)
RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb := jsonb_build_object('accountId', a.id, 'currentLimit', a.credit_limit::text,
  'newLimit', (a.credit_limit + p_delta)::text, 'direction', CASE WHEN p_delta < 0 THEN 'decrease' ELSE 'increase' END);
BEGIN
  IF p_delta = 0 AND p_refuse THEN
    PERFORM uam_fail('INVALID_STATE', jsonb_build_object('accountId', a.id, 'creditLimit', a.credit_limit::text));
  ELSIF p_delta < 0 THEN
    RETURN v || uam_judge_decrease(a, -p_delta, p_accept_stop, p_refuse, v);
  END IF;
  IF p_delta > 0 THEN PERFORM uam_check_member(a); END IF;
  v := v || uam_judge('CREDIT_EXCEEDS_AVAILABLE', uam_increase_terms(e), p_delta, p_refuse, v);
  RETURN CASE WHEN p_delta = 0 THEN v || '{"allowed": false}' ELSE v END;
END $$;
