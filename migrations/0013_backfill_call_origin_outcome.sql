-- Backfill what the records already tell (the rules of domain/call-outcome.ts, read from
-- the columns older builds wrote). A preview call is a dialer call whose agent was set
-- before anyone answered: detection is off on previews, so no live answer is ever
-- recorded on one. A preview whose agent has since been deleted reads as a dialer call.
UPDATE "calls" SET "origin" = CASE
	WHEN "kind" = 'inbound' THEN 'inbound'
	WHEN "kind" = 'dialer' AND "agent_user_id" IS NOT NULL AND NOT "live_answered" THEN 'preview'
	WHEN "kind" = 'dialer' THEN 'dialer'
	ELSE 'manual'
END
WHERE "origin" IS NULL;--> statement-breakpoint
-- Only finished calls have an outcome. "Message played" in the timeline is the voicemail
-- script after the beep (machine) or the inbound message (an inbound call that rang nobody).
UPDATE "calls" SET "outcome" = CASE
	WHEN "status" IN ('busy', 'no_answer', 'failed') THEN "status"::text
	WHEN "status" = 'canceled' THEN CASE WHEN "kind" = 'inbound' THEN 'missed' ELSE 'canceled' END
	WHEN "amd_result" = 'fax' THEN 'fax'
	WHEN "amd_result" = 'machine' THEN CASE WHEN "timeline"::text LIKE '%Message played%' THEN 'voicemail_left' ELSE 'machine' END
	WHEN "bridged_at" IS NOT NULL THEN 'connected'
	WHEN "abandoned" THEN 'abandoned'
	WHEN "kind" = 'inbound' AND "timeline"::text NOT LIKE '%Message played%' THEN 'missed'
	ELSE 'answered'
END
WHERE "outcome" IS NULL AND "status" IN ('completed', 'busy', 'no_answer', 'failed', 'canceled');
