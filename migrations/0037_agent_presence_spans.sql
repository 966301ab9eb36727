CREATE TABLE "agent_presence_spans" (
	"organization_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone,
	CONSTRAINT "agent_presence_spans_organization_id_user_id_started_at_pk" PRIMARY KEY("organization_id","user_id","started_at")
);
--> statement-breakpoint
ALTER TABLE "agent_presence_spans" ADD CONSTRAINT "agent_presence_spans_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_presence_spans_org_started_idx" ON "agent_presence_spans" USING btree ("organization_id","started_at");--> statement-breakpoint
CREATE INDEX "agent_presence_spans_org_ended_idx" ON "agent_presence_spans" USING btree ("organization_id","ended_at");