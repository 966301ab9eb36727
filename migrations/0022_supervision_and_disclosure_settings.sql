ALTER TABLE "organizations" ADD COLUMN "supervisors_per_call" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "show_supervisors_to_agents" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "recording_disclosure" text DEFAULT 'This call is recorded for quality and compliance purposes.' NOT NULL;