CREATE TABLE "account_import_chunks" (
	"import_id" uuid NOT NULL,
	"index" integer NOT NULL,
	"first_row" integer NOT NULL,
	"next_row" integer NOT NULL,
	"csv_sha256" text NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "account_import_chunks_import_id_index_pk" PRIMARY KEY("import_id","index")
);
--> statement-breakpoint
CREATE TABLE "account_import_refs" (
	"import_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref" text NOT NULL,
	"row" integer NOT NULL,
	CONSTRAINT "account_import_refs_import_id_kind_ref_pk" PRIMARY KEY("import_id","kind","ref")
);
--> statement-breakpoint
CREATE TABLE "account_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by_user_id" uuid,
	"created_by_api_key_id" uuid,
	"dry_run" boolean NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"file_name" text NOT NULL,
	"total_bytes" bigint NOT NULL,
	"header" text NOT NULL,
	"chunks_done" integer DEFAULT 0 NOT NULL,
	"next_row" integer DEFAULT 2 NOT NULL,
	"report" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "account_import_chunks" ADD CONSTRAINT "account_import_chunks_import_id_account_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."account_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_import_refs" ADD CONSTRAINT "account_import_refs_import_id_account_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."account_imports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "account_imports" ADD CONSTRAINT "account_imports_created_by_api_key_id_api_keys_id_fk" FOREIGN KEY ("created_by_api_key_id") REFERENCES "public"."api_keys"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_imports_org_idx" ON "account_imports" USING btree ("organization_id","created_at");