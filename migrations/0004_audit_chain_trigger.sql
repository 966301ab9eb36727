-- Chains audit rows at commit. The Worker inserts a row with a placeholder seq (from
-- audit_log_pending_seq, negated), empty hashes, and the hashed text around the previous
-- hash and the seq (chain_head, chain_tail: worker/audit/chain.ts auditHashTemplate).
-- A deferred trigger then runs inside COMMIT: it takes the organisation's chain lock,
-- reads the last chained row, and fills seq, prev_hash and hash. The lock is held from
-- there to the end of the commit, never across a round trip to the Worker: with the lock
-- taken from the Worker, a busy Worker kept it for each placement's remaining round
-- trips and placing calls stalled at a few per second per organisation.
-- The hashed text is chain_head || '"' || prev_hash || '"' || chain_tail || seq || '}',
-- exactly the canonical JSON computeAuditHash hashes, so the Worker verifies it.
-- plpgsql takes a new snapshot per statement (read committed): the read after the lock
-- sees the row the previous holder committed. Rows of one transaction are chained in
-- insert order (deferred triggers fire in the order their events were queued).
CREATE SEQUENCE audit_log_pending_seq;
--> statement-breakpoint
CREATE FUNCTION wib_chain_audit_row() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
	v_seq integer;
	v_prev_hash text;
BEGIN
	PERFORM pg_advisory_xact_lock(hashtextextended(NEW.organization_id::text, 7));
	SELECT seq, hash INTO v_seq, v_prev_hash FROM audit_log
		WHERE organization_id = NEW.organization_id AND seq > 0 ORDER BY seq DESC LIMIT 1;
	v_seq := coalesce(v_seq, 0) + 1;
	v_prev_hash := coalesce(v_prev_hash, repeat('0', 64));
	UPDATE audit_log SET
		seq = v_seq,
		prev_hash = v_prev_hash,
		hash = encode(sha256(convert_to(NEW.chain_head || '"' || v_prev_hash || '"' || NEW.chain_tail || v_seq::text || '}', 'UTF8')), 'hex'),
		chain_head = NULL,
		chain_tail = NULL
	WHERE id = NEW.id;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER audit_log_chain_at_commit
	AFTER INSERT ON audit_log
	DEFERRABLE INITIALLY DEFERRED
	FOR EACH ROW WHEN (NEW.chain_head IS NOT NULL)
	EXECUTE FUNCTION wib_chain_audit_row();
