// One queue as its supervisor sees it live, pure: the callers in line in answer order
// (their place, wait, priority and whether they asked for a callback), the queue's numbers
// (domain/queue-stats.ts over the book's stays) and its members by state and skill. The
// pool sends it to supervisors' consoles on every change; the stats route answers it.
import { DEFAULT_SERVICE_LEVEL_SECONDS } from "../../domain/inbound-queues";
import { queueStats } from "../../domain/queue-stats";
import type { QueueLiveView } from "../agent-pool/protocol";
import { staysOf } from "./queue-book";
import type { PoolAgent, QueueDesk } from "./queue-desk";
import { answerOrder } from "./routing";

export function queueLive(queueId: string, desk: QueueDesk | null, agents: readonly PoolAgent[], nowMs: number, serviceLevelSeconds?: number): QueueLiveView {
  const threshold = serviceLevelSeconds ?? desk?.routing.serviceLevelSeconds ?? DEFAULT_SERVICE_LEVEL_SECONDS;
  const book = desk?.book ?? { waiting: [], ended: [] };
  const byUser = new Map(agents.map((agent) => [agent.userId, agent]));
  return {
    queueId,
    waiting: answerOrder(book.waiting).map((caller, index) => ({
      callId: caller.callId,
      from: caller.from,
      priority: caller.priority,
      position: index + 1,
      enteredAtMs: caller.enteredAtMs,
      callbackRequested: caller.callbackRequested,
      ringingUserId: caller.ringing?.userId ?? null,
      needs: caller.needs,
    })),
    stats: queueStats(staysOf(book), threshold, nowMs),
    agents: (desk?.routing.members ?? []).map((member) => {
      const agent = byUser.get(member.userId);
      return { userId: member.userId, status: agentStatus(agent?.status), statusSince: agent?.statusSince ?? nowMs, skills: member.skills };
    }),
    serverNow: nowMs,
  };
}

const STATUSES = ["offline", "available", "previewing", "on_call", "wrap_up", "break"] as const;
const agentStatus = (status: string | undefined): (typeof STATUSES)[number] => STATUSES.find((known) => known === status) ?? "offline";
