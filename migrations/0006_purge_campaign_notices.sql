-- Campaign notices were kept once delivered (delivered_at set), and those queued for a
-- campaign that then stopped were never delivered: the table only grew. From now on a
-- delivered notice is deleted, and a stop deletes its campaign's notices with the status
-- change (the next migration drops delivered_at). This removes what the old rules left
-- behind, while delivered_at still says which rows were delivered: the delivered rows,
-- and every row of a campaign that is neither running nor paused (only those are sent
-- notices, and a stopped campaign never dials again, so these wait for nobody).
DELETE FROM "campaign_notices" WHERE "delivered_at" IS NOT NULL;
--> statement-breakpoint
DELETE FROM "campaign_notices" AS n USING "campaigns" AS c WHERE c."id" = n."campaign_id" AND c."status" NOT IN ('running', 'paused');
