// The agents' view of a live AI call: the call reports to its organisation's pool the row
// supervisors see in a campaign's room (the AI's state, the customer's sentiment) and who
// may take it over, each time the state changes or the customer says another line, and
// its end. Only the newest report is wanted (task `ai-pool-<state step>-<lines>`; an older
// one not yet sent is dropped, and the pool keeps the newest); the end is `ai-pool-ended`.
// The pool lists each call on the consoles of those who may take it over.
import { z } from "zod";
import { TERMINAL_STATUSES } from "../../../../domain/call-status";
import type { LiveAiCall } from "../../../agent-pool/protocol";
import type { CallSpec } from "../../call-spec";
import { callAgentUserId } from "../../call-view";
import type { CallRecord } from "../../machine";
import type { CallSituation, TaskContext, TaskOutcome } from "../feature";
import { analyseCall } from "../intelligence/call-intelligence";
import { aiFoldOf, type AiFold } from "./journal";

export const aiPoolStateTaskSchema = z.object({ name: z.string().startsWith("ai-pool-"), action: z.literal("ai_pool_state"), ended: z.boolean() });
export type AiPoolStateTask = z.infer<typeof aiPoolStateTaskSchema>;

const customerLines = (record: CallRecord) => record.transcript.filter((segment) => segment.track === "inbound").length;
const pad = (n: number) => String(n).padStart(6, "0");

/**
 * Who may be given the call: the campaign's agents, else the number's (queue members or its
 * agent); null: any agent. An AI-agent campaign may have no agents (it dials without them):
 * that names nobody, so any agent may take its calls, as on a number that names nobody.
 */
export function aiCallHumans(spec: CallSpec): string[] | null {
  if (spec.kind === "dialer" && spec.dialer) return spec.dialer.eligibleAgentUserIds.length > 0 ? spec.dialer.eligibleAgentUserIds : null;
  return spec.ai?.humanUserIds ?? null;
}

/** The one report the call wants now: its newest state while live, its end once over. */
export function desiredAiPoolReport(situation: Pick<CallSituation, "spec" | "record">, fold: AiFold): AiPoolStateTask[] {
  if (TERMINAL_STATUSES.has(situation.record.status)) return [{ name: "ai-pool-ended", action: "ai_pool_state", ended: true }];
  if (!fold.room) return [];
  return [{ name: `ai-pool-${pad(fold.room.order)}-${pad(customerLines(situation.record))}`, action: "ai_pool_state", ended: false }];
}

/** The row agents see (the campaign room's call row) and who may take the call over. */
export function liveAiCallOf(spec: CallSpec, record: CallRecord, fold: AiFold): LiveAiCall | null {
  const room = fold.room;
  if (!room) return null;
  const sentiment = analyseCall(record.transcript, record.intelligence.started?.objectionPhrases).sentiment;
  const personOn = room.state === "connecting_human" || room.state === "human_active";
  return {
    call: {
      callId: spec.id,
      accountId: spec.accountId ?? "",
      accountName: spec.ai?.customerName ?? "Unknown caller",
      phone: spec.direction === "inbound" ? spec.from : spec.to,
      phase: "connected",
      since: fold.steps.find((step) => step.n === room.order)?.atMs ?? spec.createdAtMs,
      agentUserId: personOn ? callAgentUserId(spec, record) : null,
      sentiment: sentiment ? { score: sentiment.score, trend: sentiment.trend } : null,
      ivr: null,
      ai: room,
    },
    humanUserIds: aiCallHumans(spec),
    order: room.order,
    lines: customerLines(record),
  };
}

export async function reportToPool(task: AiPoolStateTask, { situation, ports, attempt }: TaskContext): Promise<TaskOutcome> {
  const { spec, record } = situation;
  const fold = aiFoldOf(spec, situation.events);
  if (!fold) return { kind: "done", note: "not an AI call" };
  try {
    if (task.ended) {
      await ports.agentPool.aiCallEnded(spec.id);
      return { kind: "done" };
    }
    if (desiredAiPoolReport(situation, fold)[0]?.name !== task.name) return { kind: "done", note: "a newer state was reported" };
    const live = liveAiCallOf(spec, record, fold);
    if (!live) return { kind: "done", note: "the AI has not started" };
    await ports.agentPool.aiCallReported(live);
    return { kind: "done" };
  } catch (error) {
    return attempt.isLast ? { kind: "failed", error: String(error) } : { kind: "retry", error: String(error) };
  }
}
