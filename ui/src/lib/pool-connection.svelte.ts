// PoolConnection: the console's live link to its organisation's AgentPoolActor. Turns server
// frames into reactive state (members, you, last error) and offers setPresence (the socket,
// frame reading and link state live in RoomConnection). Components read this state; they never
// touch the wire.
import {
  agentPoolRoomName,
  poolServerMessage,
  type AgentPresenceStatus,
  type ChosenPresence,
  type PoolClientMessage,
  type PoolMember,
  type PoolServerMessage,
  type PreviewOffer,
  type QueueRing,
  type HelpRequestView,
  type QueueLiveView,
} from "$protocol/agent-pool/protocol";
import type { CampaignCallView } from "$protocol/campaign/protocol";
import { RoomConnection, type RoomLinkState } from "./room-connection.svelte";

export type PoolLinkState = RoomLinkState;

export class PoolConnection extends RoomConnection<PoolServerMessage> {
  /** Everyone in the pool, as of the last snapshot. */
  members = $state<PoolMember[]>([]);
  /** Who the server says this socket is (from the session, never from us). */
  you = $state<{ userId: string; role: string } | null>(null);
  /** Whether at least one snapshot has arrived, so "offline" is known rather than assumed. */
  synced = $state(false);
  /** The presence this console asked for and the server has not confirmed yet. */
  requested = $state<ChosenPresence | null>(null);

  /** The lead a preview campaign offers this user (times on this browser's clock), if any. */
  yourOffer = $state<PreviewOffer | null>(null);

  /** The queue caller ringing this user's console (expiry on this browser's clock), if any. */
  yourRing = $state<QueueRing | null>(null);

  /** Agents' raised hands waiting for a supervisor (times on this browser's clock); always empty for agents and viewers. */
  helpRequests = $state<HelpRequestView[]>([]);

  /** The inbound queues live (times on this browser's clock); always empty for agents and viewers. */
  queues = $state<QueueLiveView[]>([]);

  /** The live AI calls this user may take over (times on this browser's clock); always empty for viewers. */
  aiCalls = $state<CampaignCallView[]>([]);

  /** This user's own row, if the pool lists them. */
  me = $derived(this.members.find((m) => m.userId === this.you?.userId) ?? null);
  /** This user's status: not listed in a received snapshot means offline. */
  myStatus = $derived<AgentPresenceStatus | null>(this.synced ? (this.me?.status ?? "offline") : null);

  constructor(organizationId: string) {
    super({
      name: "PoolConnection",
      messageName: "PoolServerMessage",
      party: "agent-pool-actor",
      room: agentPoolRoomName(organizationId),
      schema: poolServerMessage,
    });
  }

  /** Asks the pool to change this user's presence; false when the socket is not open. */
  setPresence(status: ChosenPresence): boolean {
    if (!this.send({ type: "set_presence", status } satisfies PoolClientMessage)) return false;
    this.requested = status;
    return true;
  }

  /** "I need more time": once per call, when the call's wrap-up allows it (the pool refuses otherwise, with a reason). */
  extendWrapUp(): boolean {
    return this.send({ type: "extend_wrap_up" } satisfies PoolClientMessage);
  }

  /** Accepts or rejects the queue caller ringing this console (the call shown: a stale click acts on nobody else). */
  answerRing(callId: string, answer: "accept" | "reject"): boolean {
    return this.send({ type: "answer_ring", callId, answer } satisfies PoolClientMessage);
  }

  protected override receive(message: PoolServerMessage): void {
    switch (message.type) {
      case "snapshot": {
        // Shift server times onto this browser's clock so "time in status" is right despite skew.
        const skewMs = message.serverNow - Date.now();
        this.members = message.members.map((m) => ({
          ...m,
          statusSince: m.statusSince - skewMs,
          wrapUpEndsAt: m.wrapUpEndsAt === null ? null : m.wrapUpEndsAt - skewMs,
        }));
        this.you = message.you;
        this.yourOffer = message.yourOffer && { ...message.yourOffer, offeredAt: message.yourOffer.offeredAt - skewMs, expiresAt: message.yourOffer.expiresAt - skewMs };
        this.yourRing = message.yourRing && { ...message.yourRing, expiresAt: message.yourRing.expiresAt - skewMs };
        this.helpRequests = message.helpRequests.map((request) => ({ ...request, raisedAt: request.raisedAt - skewMs }));
        this.queues = message.queues.map((queue) => ({
          ...queue,
          serverNow: queue.serverNow - skewMs,
          waiting: queue.waiting.map((caller) => ({ ...caller, enteredAtMs: caller.enteredAtMs - skewMs })),
          agents: queue.agents.map((agent) => ({ ...agent, statusSince: agent.statusSince - skewMs })),
        }));
        this.aiCalls = message.aiCalls.map((call) => ({ ...call, since: call.since - skewMs }));
        this.synced = true;
        this.requested = null;
        return;
      }
      case "error":
        this.receiveError(message);
        this.requested = null;
        return;
      default:
        this.unhandled(message);
    }
  }
}
