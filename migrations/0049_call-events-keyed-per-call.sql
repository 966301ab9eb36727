-- call_events is keyed per call (call_id, id): the events the engine raises itself share
-- their ids across calls, and keyed by id alone only the first call's was kept. The new
-- key leads with call_id, so it also serves every lookup the old call_id index did.
DROP INDEX "call_events_call_idx";--> statement-breakpoint
ALTER TABLE "call_events" DROP CONSTRAINT "call_events_pkey";--> statement-breakpoint
ALTER TABLE "call_events" ADD CONSTRAINT "call_events_call_id_id_pk" PRIMARY KEY("call_id","id");
