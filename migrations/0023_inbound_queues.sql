CREATE TABLE "inbound_queues" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"hours" jsonb NOT NULL,
	"members" jsonb NOT NULL,
	"required_skills" jsonb NOT NULL,
	"route_by_language" boolean NOT NULL,
	"skill_relax_seconds" integer NOT NULL,
	"service_level_seconds" integer NOT NULL,
	"max_wait_seconds" integer NOT NULL,
	"max_waiting" integer NOT NULL,
	"hold_message" text NOT NULL,
	"closed_action" jsonb NOT NULL,
	"overflow_action" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "inbound_queue_id" uuid;--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD COLUMN "inbound_queue_priority" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "inbound_queues" ADD CONSTRAINT "inbound_queues_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "inbound_queues_org_name_idx" ON "inbound_queues" USING btree ("organization_id","name");--> statement-breakpoint
ALTER TABLE "phone_numbers" ADD CONSTRAINT "phone_numbers_inbound_queue_id_inbound_queues_id_fk" FOREIGN KEY ("inbound_queue_id") REFERENCES "public"."inbound_queues"("id") ON DELETE restrict ON UPDATE no action;