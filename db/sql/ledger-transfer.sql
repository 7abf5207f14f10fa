-- Transfers A→B and withdrawals B→A, direct or through a hold (reserve, then post or void exactly once).

-- The last step of every transfer and withdrawal: where the money lands, the pair's running totals, and the
-- summary figures of both accounts. This and uam_open_movement are the path of every posting, so they are
-- written statement by statement rather than through uam_move/uam_entry: in PL/pgSQL a nested call costs
-- about as much as the statement it wraps (bench:ledger).
CREATE FUNCTION uam_settle(p_txn bigint, p_enterprise integer, p_purpose text, p_from integer, p_to integer,
  p_from_kind text, p_from_source integer, p_amount bigint) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  -- A transfer lands in the receiver's transfer book under the sender (counted as sent); a withdrawal leaves
  -- the holder's transfer book (counted as taken back; a held one left it when the hold was placed) for the
  -- source's own cash.
  v_from_book bigint := uam_book(p_enterprise, p_from, p_from_kind, p_from_source, -p_amount,
    p_withdrawn => CASE p_from_kind WHEN 'transfer_book' THEN p_amount ELSE 0 END);
  v_to_book bigint := CASE p_purpose
    WHEN 'transfer' THEN uam_book(p_enterprise, p_to, 'transfer_book', p_from, p_amount, p_transferred => p_amount)
    ELSE uam_book(p_enterprise, p_to, 'own_cash', NULL, p_amount) END;
BEGIN
  INSERT INTO ledger_entries (transaction_id, ledger_account_id, amount)
  VALUES (p_txn, v_from_book, -p_amount), (p_txn, v_to_book, p_amount);
  -- Both accounts' figures in one statement: each UPDATE of accounts evaluates all its constraints once.
  UPDATE accounts SET
    own_cash = own_cash + CASE
      WHEN id = p_from THEN CASE p_from_kind WHEN 'own_cash' THEN -p_amount ELSE 0 END
      WHEN p_purpose = 'withdrawal' THEN p_amount ELSE 0 END,
    transfer_book = transfer_book + CASE
      WHEN id = p_from THEN CASE p_from_kind WHEN 'transfer_book' THEN -p_amount ELSE 0 END
      WHEN p_purpose = 'transfer' THEN p_amount ELSE 0 END,
    held = held - CASE WHEN id = p_from AND p_from_kind = 'held' THEN p_amount ELSE 0 END
  WHERE id IN (p_from, p_to);
  IF p_purpose = 'withdrawal' AND p_from_kind = 'held' THEN
    UPDATE ledger_accounts SET withdrawn = withdrawn + p_amount
    WHERE enterprise_id = p_enterprise AND account_id = p_from AND kind = 'transfer_book' AND source_account_id = p_to;
  END IF;
  PERFORM uam_after_change(p_txn, ARRAY[p_from, p_to]);
END $$;

-- The common start of a transfer or withdrawal, direct or held: amount check, replay under the key, both
-- accounts locked in id order, the key claimed, then the allowed maximum checked under those locks (a failed
-- check rolls the claim back with everything else). Claiming before the maximum matters for a concurrent
-- twin under the same key: it held the same locks, so by now it has committed, and this request becomes its
-- replay instead of being refused for the funds the twin moved. The account checks run inline; only a request
-- that fails one calls the function that raises its error.
CREATE FUNCTION uam_open_movement(p_key text, p_kind text, p_purpose text, p_from integer, p_to integer, p_amount bigint,
  p_actor text, OUT result uam_result, OUT enterprise_id integer)
LANGUAGE plpgsql AS $$
DECLARE a accounts; b accounts; req jsonb := jsonb_build_object('from', p_from, 'to', p_to, 'amount', p_amount::text);
BEGIN
  PERFORM uam_check_amount(p_amount);
  IF EXISTS (SELECT FROM ledger_transactions WHERE idempotency_key = p_key) THEN
    result := uam_replay(p_key, p_kind, req);
    RETURN;
  END IF;
  IF p_from < p_to THEN
    SELECT * INTO a FROM accounts WHERE id = p_from FOR NO KEY UPDATE;
    SELECT * INTO b FROM accounts WHERE id = p_to FOR NO KEY UPDATE;
  ELSE
    SELECT * INTO b FROM accounts WHERE id = p_to FOR NO KEY UPDATE;
    SELECT * INTO a FROM accounts WHERE id = p_from FOR NO KEY UPDATE;
  END IF;
  IF p_from = p_to OR a.id IS NULL OR b.id IS NULL OR 'closed' IN (a.status, b.status) OR a.enterprise_id <> b.enterprise_id THEN
    PERFORM uam_check_pair(p_from, p_to, a, b); -- raises the error that applies
  END IF;
  result := uam_begin(p_key, p_kind, a.enterprise_id, req, p_actor);
  enterprise_id := a.enterprise_id;
  IF result.replayed THEN RETURN; END IF;
  PERFORM uam_judge_movement(p_purpose, a, b, p_amount, true); -- the preview's limit (ledger-limits.sql)
END $$;

-- Direct transfer (p_purpose 'transfer': p_from → p_to) or withdrawal ('withdrawal': funds p_from holds from
-- p_to go back to p_to) in one transaction, with no hold.
CREATE FUNCTION uam_transfer(p_key text, p_purpose text, p_from integer, p_to integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE m record;
BEGIN
  m := uam_open_movement(p_key, p_purpose, p_purpose, p_from, p_to, p_amount, p_actor);
  IF NOT (m.result).replayed THEN
    PERFORM uam_settle((m.result).transaction_id, m.enterprise_id, p_purpose, p_from, p_to,
      CASE p_purpose WHEN 'transfer' THEN 'own_cash' ELSE 'transfer_book' END,
      CASE p_purpose WHEN 'transfer' THEN NULL ELSE p_to END, p_amount);
  END IF;
  RETURN m.result;
END $$;

-- Reserves the funds of a transfer or withdrawal: they leave own cash (or the transfer book) for `held`
-- until uam_settle_hold posts or voids them. ref_id is the hold id.
CREATE FUNCTION uam_place_hold(p_key text, p_purpose text, p_from integer, p_to integer, p_amount bigint, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE m record; r uam_result; v_ent integer;
BEGIN
  m := uam_open_movement(p_key, 'hold_' || p_purpose, p_purpose, p_from, p_to, p_amount, p_actor);
  r := m.result; v_ent := m.enterprise_id;
  IF r.replayed THEN
    r.ref_id := (SELECT id FROM holds WHERE hold_transaction_id = r.transaction_id);
    RETURN r;
  END IF;
  PERFORM uam_move(r.transaction_id, v_ent, p_from,
    CASE p_purpose WHEN 'transfer' THEN 'own_cash' ELSE 'transfer_book' END,
    CASE p_purpose WHEN 'transfer' THEN NULL ELSE p_to END, p_from, 'held', NULL, p_amount);
  INSERT INTO holds (enterprise_id, purpose, from_account_id, to_account_id, amount, hold_transaction_id)
  VALUES (v_ent, p_purpose, p_from, p_to, p_amount, r.transaction_id)
  RETURNING id INTO r.ref_id;
  PERFORM uam_after_change(r.transaction_id, ARRAY[p_from]);
  RETURN r;
END $$;

-- Settles a pending hold exactly once: p_post true posts it (funds land), false voids it (funds go back).
CREATE FUNCTION uam_settle_hold(p_key text, p_hold bigint, p_post boolean, p_actor text)
RETURNS uam_result LANGUAGE plpgsql AS $$
DECLARE h holds; l record; f accounts; r uam_result;
  v_kind text := CASE WHEN p_post THEN 'post_hold' ELSE 'void_hold' END;
  req jsonb := jsonb_build_object('hold', p_hold::text);
BEGIN
  r := uam_replay(p_key, v_kind, req);
  IF r.transaction_id IS NOT NULL THEN r.ref_id := p_hold; RETURN r; END IF;
  SELECT * INTO h FROM holds WHERE id = p_hold;
  IF NOT FOUND THEN
    PERFORM uam_fail('HOLD_NOT_FOUND', format('hold %s does not exist', p_hold), jsonb_build_object('holdId', p_hold::text));
  END IF;
  -- Voiding must work even if an account was closed meanwhile: lock without the open-account check.
  IF p_post THEN
    l := uam_lock_pair(h.from_account_id, h.to_account_id);
    f := l.first_row;
  ELSE
    PERFORM 1 FROM accounts WHERE id IN (h.from_account_id, h.to_account_id) ORDER BY id FOR NO KEY UPDATE;
    SELECT * INTO f FROM accounts WHERE id = h.from_account_id;
  END IF;
  SELECT * INTO h FROM holds WHERE id = p_hold FOR UPDATE;
  r := uam_begin(p_key, v_kind, h.enterprise_id, req, p_actor); -- before the checks: see uam_begin
  IF r.replayed THEN r.ref_id := p_hold; RETURN r; END IF;
  IF h.status <> 'pending' THEN
    PERFORM uam_fail('HOLD_NOT_PENDING', format('hold %s is already %s', p_hold, h.status),
      jsonb_build_object('holdId', p_hold::text, 'status', h.status));
  END IF;
  -- Balances may have moved while the hold waited: the holder must not have gone below zero available.
  IF p_post AND f.available < 0 THEN
    PERFORM uam_fail('INSUFFICIENT_FUNDS',
      format('account %s has %s fen available, below zero, so the held funds cannot be released to it', f.id, f.available),
      jsonb_build_object('available', f.available::text, 'accountId', f.id));
  END IF;
  IF p_post THEN
    PERFORM uam_settle(r.transaction_id, h.enterprise_id, h.purpose, h.from_account_id, h.to_account_id, 'held', NULL, h.amount);
  ELSE
    PERFORM uam_move(r.transaction_id, h.enterprise_id, h.from_account_id, 'held', NULL, h.from_account_id,
      CASE h.purpose WHEN 'transfer' THEN 'own_cash' ELSE 'transfer_book' END,
      CASE h.purpose WHEN 'transfer' THEN NULL ELSE h.to_account_id END, h.amount);
    PERFORM uam_after_change(r.transaction_id, ARRAY[h.from_account_id]);
  END IF;
  UPDATE holds SET status = CASE WHEN p_post THEN 'posted' ELSE 'voided' END,
    settle_transaction_id = r.transaction_id, settled_at = now() WHERE id = p_hold;
  r.ref_id := p_hold;
  RETURN r;
END $$;
