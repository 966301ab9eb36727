// GET /api/health: is the system of record reachable, and which mode each external
// service runs in (so nobody mistakes the simulator for the real carrier).
import { withDeadline } from "../../db/deadline";
import { recordWriterFor } from "../../objects/record-writer/RecordWriter";
import { getHealth } from "../http/contracts/health";
import { defineRoute, PUBLIC } from "../http/route-table";
import { engineBacklog } from "../calls/engine-backlog";
import { RecentAnswer } from "../http/recent-answer";

const DB_CHECK_TIMEOUT_MS = 3000;
/** Probes within this long of a database check share its answer (per isolate). */
export const DB_CHECK_KEPT_MS = 1000;
const databaseCheck = new RecentAnswer<boolean>(DB_CHECK_KEPT_MS);
/** Which record writer answers the probe (any one will do: each keeps its own connection). */
const HEALTH_WRITER_KEY = "health";

/** The model simulator says so (LLM_MODE, set by npm start and the tests): scripted replies never pass for a model. */
const llmMode = (env: Pick<Env, "LLM_MODE" | "OPENAI_BASE_URL">) =>
  env.LLM_MODE === "simulator" ? "simulator" : env.OPENAI_BASE_URL ? "openai-compatible" : "offline-fallback";

defineRoute(getHealth, {
  summary: "Liveness and the mode of each dependency",
  access: PUBLIC,
  handler: async (c) => {
    // Through a record writer's kept connection, not a session of this request's own; at most once a second.
    const dbOk = await databaseCheck.get(() =>
      withDeadline(recordWriterFor(c.env, HEALTH_WRITER_KEY).databaseAnswers(), DB_CHECK_TIMEOUT_MS).then(
        () => true,
        () => false,
      ),
    );
    const body = {
      ok: dbOk,
      db: { ok: dbOk, mode: c.env.DATABASE_MODE || "external" },
      carrier: { mode: c.env.CARRIER_MODE || "telnyx" },
      payments: { mode: c.env.PAYMENTS_MODE || "stripe" },
      llm: { mode: llmMode(c.env) },
      engine: { behind: engineBacklog.read().behind, webhooksWaiting: engineBacklog.waiting },
    };
    return c.json(body, dbOk ? 200 : 503);
  },
});
