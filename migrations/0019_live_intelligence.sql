CREATE TABLE "call_alerts" (
	"id" text PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"key" text NOT NULL,
	"segment_id" text NOT NULL,
	"message" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "transcript_segments" ADD COLUMN "language" text;--> statement-breakpoint
ALTER TABLE "call_alerts" ADD CONSTRAINT "call_alerts_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_alerts" ADD CONSTRAINT "call_alerts_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_alerts_org_idx" ON "call_alerts" USING btree ("organization_id","occurred_at");--> statement-breakpoint
CREATE INDEX "call_alerts_call_idx" ON "call_alerts" USING btree ("call_id");