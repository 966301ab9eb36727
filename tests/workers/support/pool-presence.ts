// Moves an agent's pool state as if time had passed, without waiting: the pool keeps its
// members in memory, written through (objects/agent-pool/pool-storage.ts), so a change
// goes through its own storage, never a raw UPDATE behind its back.
import type { AgentPoolActor } from "../../../objects/agent-pool/AgentPoolActor";
import type { PoolStorage } from "../../../objects/agent-pool/pool-storage";
import type { PresenceRecord } from "../../../objects/agent-pool/presence";

export async function rewriteAgentPresence(pool: DurableObjectStub<AgentPoolActor>, userId: string, change: (presence: PresenceRecord) => PresenceRecord): Promise<void> {
  const { runInDurableObject } = await import("cloudflare:test");
  await runInDurableObject(pool, (instance) => {
    // The actor's own storage (a private field): what its next request reads.
    const storage = (instance as unknown as { pool: PoolStorage }).pool;
    storage.save(userId, change(storage.presenceOf(userId, Date.now())));
  });
}

/** The agent's status and wrap-up end moved `ms` earlier: that much time has passed. */
export const elapsed =
  (ms: number) =>
  (presence: PresenceRecord): PresenceRecord => ({ ...presence, statusSince: presence.statusSince - ms, wrapUpEndsAt: presence.wrapUpEndsAt === null ? null : presence.wrapUpEndsAt - ms });
