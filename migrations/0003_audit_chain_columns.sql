ALTER TABLE "audit_log" ADD COLUMN "chain_head" text;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "chain_tail" text;