CREATE TABLE "call_sentiment_summaries" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"organization_id" uuid NOT NULL,
	"average_score" double precision NOT NULL,
	"min_score" double precision NOT NULL,
	"max_score" double precision NOT NULL,
	"scored_segments" integer NOT NULL,
	"objections" integer NOT NULL,
	"alerts" integer NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "call_sentiment_summaries" ADD CONSTRAINT "call_sentiment_summaries_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_sentiment_summaries" ADD CONSTRAINT "call_sentiment_summaries_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;