-- Transfers A→B and withdrawals B→A, direct or through a hold (reserve, then post or void exactly once).

-- The book a transfer (own cash) or a withdrawal (the holder's transfer book from the source) is paid from.
CREATE FUNCTION uam_paid_from(p_purpose text, p_from integer, p_to integer, p_amount bigint) RETURNS uam_leg
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE p_purpose WHEN 'transfer' THEN uam_leg(p_from, 'own_cash', NULL, p_amount)
    ELSE uam_leg(p_from, 'transfer_book', p_to, p_amount) END
$$;

-- The legs of a transfer or withdrawal landing, from the book it is paid from or, posting a hold (p_held),
-- from `held`: a transfer lands in the receiver's transfer book under the sender (counted as sent); a
-- withdrawal goes to the source's own cash, counted as taken back on the holder's transfer book for the
-- source (whose balance it left when the hold was placed, or leaves now).
CREATE FUNCTION uam_landing(p_purpose text, p_from integer, p_to integer, p_held boolean, p_amount bigint) RETURNS uam_leg[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN p_purpose = 'transfer' THEN ARRAY[
      CASE WHEN p_held THEN uam_leg(p_from, 'held', NULL, -p_amount) ELSE uam_paid_from(p_purpose, p_from, p_to, -p_amount) END,
      uam_leg(p_to, 'transfer_book', p_from, p_amount, p_amount, 0)]
    WHEN p_held THEN ARRAY[uam_leg(p_from, 'held', NULL, -p_amount), uam_leg(p_from, 'transfer_book', p_to, 0, 0, p_amount),
      uam_leg(p_to, 'own_cash', NULL, p_amount)]
    ELSE ARRAY[uam_leg(p_from, 'transfer_book', p_to, -p_amount, 0, p_amount), uam_leg(p_to, 'own_cash', NULL, p_amount)]
  END
$$;

-- Direct transfer (p_purpose 'transfer': p_from → p_to) or withdrawal ('withdrawal': funds p_from holds from
-- p_to go back to p_to) in one transaction, with no hold. Like a hold it opens the pair, then checks the
-- allowed maximum under those locks with the preview's limit (ledger-limits.sql). Claiming before the maximum
-- matters for a concurrent twin under the same key: by then it has committed, and this request becomes its
-- replay instead of being refused for the funds the twin moved.
CREATE FUNCTION uam_transfer(p_key text, p_purpose text, p_from integer, p_to integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record := uam_open_pair(p_key, p_purpose, p_from, p_to, p_amount, p_actor);
BEGIN
  IF NOT (o.result).replayed THEN
    PERFORM uam_enforce(uam_movement_code(p_purpose), uam_movement_terms(p_purpose, o.first_row, o.second_row), p_amount,
      uam_movement_figures(p_purpose, o.first_row, o.second_row));
    PERFORM uam_post((o.result).transaction_id, (o.first_row).enterprise_id, VARIADIC uam_landing(p_purpose, p_from, p_to, false, p_amount));
    PERFORM uam_after_change((o.result).transaction_id, ARRAY[p_from, p_to]);
  END IF;
  RETURN o.result;
END $$;

-- The one call of a transfer or withdrawal workflow when nothing must wait: below the enterprise's dual-control
-- threshold (or with none) it is uam_transfer under p_key. At or above it (domain/transfers.ts requiresApproval:
-- the amount >= the threshold) nothing changes: the movement is judged as its hold would judge it (a refusal
-- raises the same code and figures), and transaction_id null tells the workflow to hold the funds and wait for
-- a second admin. A request already posted under p_key is replayed, whatever the threshold is now; once the
-- movement's hold exists (p_hold_key: a workflow task lost in a crash runs this call again) it stays on the hold
-- path, so the held funds are neither judged again nor moved a second way.
CREATE FUNCTION uam_transfer_unless_approval(p_key text, p_hold_key text, p_purpose text, p_from integer, p_to integer,
  p_amount bigint, p_actor text, OUT transaction_id bigint, OUT replayed boolean, OUT threshold bigint) LANGUAGE plpgsql AS $$
DECLARE r uam_result;
BEGIN
  threshold := (SELECT e.dual_control_threshold FROM accounts a JOIN enterprises e ON e.id = a.enterprise_id WHERE a.id = p_from);
  IF (p_amount >= threshold OR EXISTS (SELECT FROM ledger_transactions WHERE idempotency_key = p_hold_key))
     AND NOT EXISTS (SELECT FROM ledger_transactions WHERE idempotency_key = p_key) THEN
    PERFORM uam_preview_movement(p_purpose, p_from, p_to, p_amount, true, p_hold_key);
    replayed := false;
    RETURN;
  END IF;
  r := uam_transfer(p_key, p_purpose, p_from, p_to, p_amount, p_actor);
  transaction_id := r.transaction_id;
  replayed := r.replayed;
END $$;

-- Reserves the funds of a transfer or withdrawal: they leave own cash (or the transfer book) for `held`
-- until uam_settle_hold posts or voids them. ref_id is the hold id.
CREATE FUNCTION uam_place_hold(p_key text, p_purpose text, p_from integer, p_to integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE o record := uam_open_pair(p_key, 'hold_' || p_purpose, p_from, p_to, p_amount, p_actor);
  r uam_result := o.result; v_ent integer := (o.first_row).enterprise_id;
BEGIN
  IF r.replayed THEN
    r.ref_id := (SELECT id FROM holds WHERE hold_transaction_id = r.transaction_id);
    RETURN r;
  END IF;
  PERFORM uam_enforce(uam_movement_code(p_purpose), uam_movement_terms(p_purpose, o.first_row, o.second_row), p_amount,
    uam_movement_figures(p_purpose, o.first_row, o.second_row));
  PERFORM uam_post(r.transaction_id, v_ent, uam_paid_from(p_purpose, p_from, p_to, -p_amount), uam_leg(p_from, 'held', NULL, p_amount));
  INSERT INTO holds (enterprise_id, purpose, from_account_id, to_account_id, amount, hold_transaction_id)
  VALUES (v_ent, p_purpose, p_from, p_to, p_amount, r.transaction_id)
  RETURNING id INTO r.ref_id;
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_from]);
  RETURN r;
END $$;

-- Settles a pending hold exactly once: p_post true posts it (funds land), false voids it (funds go back).
CREATE FUNCTION uam_settle_hold(p_key text, p_hold bigint, p_post boolean, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE h holds; o record; r uam_result;
  v_kind text := CASE WHEN p_post THEN 'post_hold' ELSE 'void_hold' END;
  req jsonb := jsonb_build_object('hold', p_hold::text);
BEGIN
  r := uam_replay(p_key, v_kind, req);
  IF r.transaction_id IS NOT NULL THEN r.ref_id := p_hold; RETURN r; END IF;
  SELECT * INTO h FROM holds WHERE id = p_hold;
  IF NOT FOUND THEN PERFORM uam_fail('HOLD_NOT_FOUND', jsonb_build_object('holdId', p_hold::text)); END IF;
  -- Voiding must work even if an account was closed meanwhile. The key is claimed before the checks: see uam_begin.
  o := uam_open_pair(p_key, v_kind, h.from_account_id, h.to_account_id, NULL, p_actor, req, p_closed_ok => NOT p_post);
  r := o.result;
  r.ref_id := p_hold;
  IF r.replayed THEN RETURN r; END IF;
  SELECT * INTO h FROM holds WHERE id = p_hold FOR UPDATE;
  IF h.status <> 'pending' THEN PERFORM uam_fail('HOLD_NOT_PENDING', jsonb_build_object('holdId', p_hold::text, 'status', h.status)); END IF;
  -- Balances may have moved while the hold waited: the holder must not have gone below zero available.
  IF p_post AND (o.first_row).available < 0 THEN
    PERFORM uam_fail('INSUFFICIENT_FUNDS', jsonb_build_object('accountId', h.from_account_id, 'available', (o.first_row).available::text));
  END IF;
  IF p_post THEN
    PERFORM uam_post(r.transaction_id, h.enterprise_id, VARIADIC uam_landing(h.purpose, h.from_account_id, h.to_account_id, true, h.amount));
    PERFORM uam_after_change(r.transaction_id, ARRAY[h.from_account_id, h.to_account_id]);
  ELSE
    PERFORM uam_post(r.transaction_id, h.enterprise_id, uam_leg(h.from_account_id, 'held', NULL, -h.amount),
      uam_paid_from(h.purpose, h.from_account_id, h.to_account_id, h.amount));
    PERFORM uam_after_change(r.transaction_id, ARRAY[h.from_account_id]);
  END IF;
  UPDATE holds SET status = CASE WHEN p_post THEN 'posted' ELSE 'voided' END,
    settle_transaction_id = r.transaction_id, settled_at = now() WHERE id = p_hold;
  RETURN r;
END $$;
