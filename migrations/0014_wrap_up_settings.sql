ALTER TABLE "campaigns" ADD COLUMN "wrap_up_seconds" integer;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "end_wrap_up_on_save" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "wrap_up_extension_seconds" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "disposition_required" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "wrap_up_seconds" integer DEFAULT 30 NOT NULL;