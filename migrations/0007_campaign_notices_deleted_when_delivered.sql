DROP INDEX "campaign_notices_undelivered_idx";--> statement-breakpoint
CREATE INDEX "campaign_notices_undelivered_idx" ON "campaign_notices" USING btree ("campaign_id","id");--> statement-breakpoint
ALTER TABLE "campaign_notices" DROP COLUMN "delivered_at";