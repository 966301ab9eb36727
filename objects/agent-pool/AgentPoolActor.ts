// AgentPoolActor: one per organisation (room `<orgId>:pool`). Owns agent presence and
// the team board every console of the organisation sees; calls move agents on_call and
// into a timed wrap-up; the dialer reserves the longest-idle agent here. Preview
// campaigns hold a lead for an available agent here (status previewing): the offer goes
// to that agent's consoles only, and no other campaign reserves them meanwhile.
//
// A thin shell: the rules are in presence.ts, the members table in pool-storage.ts, the
// board in board.ts. No handler awaits between reading and writing a member, so each
// change is atomic (see pool-storage.ts).
//
// One outward effect must happen: agents' presence history reaches Postgres. Each change
// queues its spans in the pool's outbox in the same step (presence-spans.ts), and the
// alarm writes them through a RecordWriter (`presenceOutbox`, due at once after a change,
// then with the outbox's backoff while Postgres is down). The board sent to open sockets
// stays best-effort: every console gets the whole board again on the next change or when
// it reconnects. The other named timer, `wrapUpEnds`, ends due wrap-ups; the alarm is
// idempotent (ending a wrap-up twice is a no-op). An agent who owes a required
// disposition has no timer: the save (`dispositionSaved`) ends their wrap-up.
import { Server, type Connection, type ConnectionContext, type WSMessage } from "partyserver";
import { logEvent } from "../../domain/log";
import { KeptAlarm, OnePassAtATime, setSoonestAlarm } from "../shared/durable";
import { recordWriterFor } from "../record-writer/RecordWriter";
import { callActorStub } from "../shared/actor-stubs";
import { readRoomIdentity, type RoomIdentity } from "../shared/room-identity";
import { boardMembers, offersByUser, snapshotFor } from "./board";
import { PoolStorage } from "./pool-storage";
import { ordinaryCallWrapUp, type WrapUpPolicy } from "../../domain/wrap-up";
import { afterLastConnectionClosed, choosePresence, endPreview, releaseReservation, ringEnded, startCall, startPreview, type PresenceRecord } from "./presence";
import { QueueDesks } from "./queue-desks";
import { AiCallsBoard } from "./ai-calls";
import type { QueueCallerSettings } from "../call/features/queue/queue-spec";
import { answerRing, arrive, callbackStep, endDueRings, claimedByInbound, handled, leave, moveCaller, moveIntoClosed, newDesk, receiveOverflow, routeNow, turnOf, withRouting, type Arrival, type CallbackStep, type PoolAgent, type QueueRouting, type Standing, type Turn } from "../queue/queue-desk";
import { queueLive } from "../queue/queue-live";
import { afterMiss, ringsOf, soonestRingEndMs } from "../queue/queue-ring";
import type { SkillLevels } from "../../domain/inbound-queues";
import { agentPoolRoomName, poolClientMessage, type HelpRequestView, type LiveAiCall, type PoolMember, type PoolServerMessage, type PreviewOffer, type QueueLiveView, type QueueRing } from "./protocol";
import { endCall, extendWrapUp, saveDisposition } from "./wrap-up";
import { TimingSamples } from "../shared/timing-samples";
import type { PoolEngineFigures } from "../../domain/timing-summary";
import { SentSnapshots } from "./sent-snapshots";

export class AgentPoolActor extends Server<Env> {
  static override options = { hibernate: true };
  private readonly pool: PoolStorage;
  private readonly queues: QueueDesks;
  private readonly aiCalls: AiCallsBoard;
  private readonly poolName: string;
  /** The scale rehearsal's figure (shared/timing-samples.ts): a call asking for an agent → the pool answering. */
  private readonly reservationMs = new TimingSamples();
  /** Of a reservation, the call's ask → the pool starting on it. */
  private readonly reservationWaitMs = new TimingSamples();
  /** A change goes only to the consoles whose snapshot it changes (sent-snapshots.ts). */
  private readonly sentSnapshots = new SentSnapshots();
  /** A send to the consoles is due: the changes of this turn (and of any event queued behind it) go out together. */
  private snapshotsDue = false;
  /**
   * The consoles as the runtime last listed them, kept until one opens, closes or errs:
   * partyserver reads every socket's attachment on each listing, about 1 ms at 200 consoles,
   * and the pool lists them on every change. A new instance (after hibernation) lists afresh.
   */
  private listedConsoles: OpenConsole[] | null = null;
  /** The alarm handler ends only what is due and sets the next alarm, so an earlier alarm may stay (kept-alarm.ts). */
  private readonly keptAlarm: KeptAlarm;
  /** One write of the presence outbox at a time, so an older span's row never lands after a newer one. */
  private readonly presenceWrites = new OnePassAtATime<{ ignoreBackoff: boolean }, void>(
    (options) => this.writePresence(options),
    (queued, joining) => ({ ignoreBackoff: queued.ignoreBackoff || joining.ignoreBackoff }),
  );

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const poolName = ctx.id.name ?? ctx.id.toString();
    this.poolName = poolName;
    this.keptAlarm = new KeptAlarm(ctx.storage, { earlierStays: true });
    this.pool = new PoolStorage(ctx.storage.sql, (problem) => logEvent({ event: "pool_member_unreadable", pool: poolName, ...problem }));
    this.queues = new QueueDesks(ctx.storage.sql, (problem) => logEvent({ event: "queue_desk_unreadable", pool: poolName, ...problem }));
    this.aiCalls = new AiCallsBoard(ctx.storage.sql, (problem) => logEvent({ event: "ai_call_unreadable", pool: poolName, ...problem }));
  }

  // ---- RPC from calls and the dialer ---------------------------------------------

  /**
   * Takes the longest-idle available agent for a live call, among `eligibleUserIds` when
   * given (a campaign's agents); the same call asking again gets the same agent.
   * `askedAtMs`: when the call asked (its clock), for the reservation latency.
   */
  async reserveLongestIdleAgent(callId: string, eligibleUserIds?: readonly string[], askedAtMs?: number): Promise<{ userId: string } | null> {
    const now = Date.now();
    if (askedAtMs !== undefined) this.reservationWaitMs.add(now - askedAtMs);
    const reservation = this.pool.reserveLongestIdle(callId, eligibleUserIds, now);
    if (reservation?.isNew) {
      this.broadcastSnapshot();
      await this.setTimers(now);
    }
    // Queueing for this actor's thread included: what a call waits while the pool is busy with others.
    if (askedAtMs !== undefined) this.reservationMs.add(Date.now() - askedAtMs);
    return reservation && { userId: reservation.userId };
  }

  /** The reservation latency as this instance measured it, and of it the wait for the pool to start (GET /api/campaigns/:id/engine-stats). */
  async engineStats(): Promise<PoolEngineFigures> {
    return { reservationMs: this.reservationMs.summary(), reservationWaitMs: this.reservationWaitMs.summary() };
  }

  /**
   * Where these agents stand, for a campaign's pacing tick: O(agents), no socket traffic.
   * Blended agents take inbound first: one a waiting inbound caller would take on the
   * queue's next pass (within a second) is reported on a call, so the campaign neither
   * paces for them nor offers them a lead.
   */
  async agentStates(userIds: readonly string[]): Promise<PoolMember[]> {
    const wanted = new Set(userIds);
    const now = Date.now();
    const desks = this.queues.ids().flatMap((queueId) => this.queues.get(queueId) ?? []);
    const claimed = desks.length ? claimedByInbound(desks, this.poolAgents(now), now) : new Set<string>();
    return this.board()
      .filter((member) => wanted.has(member.userId))
      .map((member) => (claimed.has(member.userId) ? { ...member, status: "on_call" as const } : member));
  }

  // ---- Inbound queues (objects/queue/queue-desk.ts) ---------------------------------
  // The pool holds its organisation's queues so that choosing a caller's agent and
  // reserving them happen in one step with no await between: atomic across every queue
  // an agent serves, like the dialer's reservation.

  /** A caller arrives in a queue (the Worker, routing the call): their standing, or null when the line is full. */
  async queueArrive(queueId: string, routing: QueueRouting, arrival: Arrival): Promise<Standing | null> {
    const now = Date.now();
    // A caller enters the line when they reach it, on this actor's clock: the carrier's
    // timestamp is another clock (and a late webhook would put them ahead of callers
    // already answered), while waits, relaxation and overflow are all measured from here.
    const reached = { ...arrival, enteredAtMs: now };
    const { desk, joined } = arrive(this.queues.get(queueId) ?? newDesk(routing), routing, reached, this.poolAgents(now));
    this.queues.save(queueId, desk);
    if (joined) this.broadcastSnapshot();
    return joined;
  }

  /** A waiting call asks for its turn: the queue is routed now (every agent it chooses reserved at once), then this caller's turn. */
  async queueTurn(queueId: string, callId: string): Promise<Turn> {
    const now = Date.now();
    // A ring run out is a miss now, whether or not the alarm has come yet.
    if (this.endRingsDue(now)) await this.setTimers(now);
    const desk = this.queues.get(queueId);
    if (!desk) return { kind: "gone", heldElsewhere: this.waitsInSomeQueue(callId) };
    const routed = routeNow(desk, this.poolAgents(now), now, queueId);
    let reservedAny = false;
    for (const assignment of routed.assignments) {
      // Chosen among available agents just read, with no await since: the reservation holds.
      reservedAny = this.pool.reserveLongestIdle(assignment.callId, [assignment.userId], now) !== null || reservedAny;
    }
    this.queues.save(queueId, routed.desk);
    // Overflowed into another queue in the same step: they are never in neither line.
    const overflow = routed.desk.routing.overflowQueue;
    if (overflow && routed.overflowMoves.length) this.queues.save(overflow.queueId, receiveOverflow(this.queues.get(overflow.queueId), overflow, routed.overflowMoves, now, queueId));
    // A move that would go round or too far stops the caller here, with the default overflow message: said why in the log.
    for (const stop of routed.overflowStops) logEvent({ event: "queue_overflow_stopped", pool: this.poolName, queueId, ...stop });
    // Supervisors watch the line: an answer or an overflow changes it (a bare poll does not).
    if (reservedAny || routed.desk.book.waiting.length !== desk.book.waiting.length) this.broadcastSnapshot();
    if (reservedAny) await this.setTimers(now);
    // Every other caller given an agent asks for their turn at once (callers back in line ask seldom).
    if (!desk.routing.agentRing) this.tellTurnsDue(routed.assignments.map((assignment) => assignment.callId).filter((chosen) => chosen !== callId));
    const turn = turnOf(routed.desk, callId, this.poolAgents(now), now);
    return turn.kind === "gone" ? { kind: "gone", heldElsewhere: this.waitsInSomeQueue(callId) } : turn;
  }

  /** The calls of callers given an agent ask for their turn now; one that does not hear it asks at its next time anyway. */
  private tellTurnsDue(callIds: readonly string[]): void {
    const organizationId = organizationOfPool(this.poolName);
    if (!organizationId) return;
    for (const chosen of callIds) {
      this.ctx.waitUntil(callActorStub(this.env, organizationId, chosen).queueTurnDue().catch((error: unknown) => logEvent({ event: "queue_turn_due_failed", pool: this.poolName, callId: chosen, error: String(error) })));
    }
  }

  /** Whether any queue of the pool has this caller in line (a moved caller's old queue says "gone", and must not end their wait). */
  private waitsInSomeQueue(callId: string): boolean {
    return this.queues.ids().some((queueId) => this.queues.get(queueId)?.book.waiting.some((caller) => caller.callId === callId) ?? false);
  }

  /** The caller hung up before an agent took them: a queue abandon with its wait (null when they were no longer in line). */
  async queueLeave(queueId: string, callId: string): Promise<{ abandonedWaitSeconds: number | null }> {
    const now = Date.now();
    const desk = this.queues.get(queueId);
    if (!desk) return { abandonedWaitSeconds: null };
    const left = leave(desk, callId, now);
    this.queues.save(queueId, left.desk);
    let released = false;
    if (left.agentToRelease) {
      const current = this.pool.presenceOf(left.agentToRelease, now);
      released = this.changeIfNew(left.agentToRelease, current, releaseReservation(current, callId, now));
    }
    if (!released && left.desk !== desk) this.broadcastSnapshot();
    if (released) await this.setTimers(now);
    return { abandonedWaitSeconds: left.abandonedWaitSeconds };
  }

  /** A caller's callback (they pressed 1): booked, put back in line after an attempt that missed them, or given up. False when the book has no such caller. */
  async queueCallback(queueId: string, callId: string, step: CallbackStep): Promise<boolean> {
    const desk = this.queues.get(queueId);
    const next = desk && callbackStep(desk, callId, step);
    if (!next) return false;
    this.queues.save(queueId, next);
    this.broadcastSnapshot();
    return true;
  }

  /**
   * A callback attempt ended without reaching the caller: the agent the queue reserved under
   * the queue call's id is given back. A callback call that got going had moved them to its
   * own id (a no-op here); one that never started would otherwise leave them reserved for good.
   */
  async queueRelease(userId: string, callId: string): Promise<void> {
    const now = Date.now();
    const current = this.pool.presenceOf(userId, now);
    if (this.changeIfNew(userId, current, releaseReservation(current, callId, now))) await this.setTimers(now);
  }

  /**
   * A supervisor moves a waiting caller into this queue (the route checked it is the
   * organisation's): the queue they left, or null when they wait in no other. `closedCaller`:
   * this queue is closed now, so they leave their line by its closed action instead (their call
   * hears it on its next turn).
   */
  async queueMove(toQueueId: string, toRouting: QueueRouting, callId: string, requiredSkills: SkillLevels, closedCaller: QueueCallerSettings | null = null): Promise<string | null> {
    for (const fromQueueId of this.queues.ids()) {
      const from = fromQueueId === toQueueId ? null : this.queues.get(fromQueueId);
      if (!from) continue;
      const moved = closedCaller
        ? moveIntoClosed(from, callId, toQueueId, closedCaller, Date.now())
        : moveCaller(from, this.queues.get(toQueueId) ?? newDesk(toRouting), toRouting, callId, requiredSkills, Date.now());
      if (!moved) continue;
      this.queues.save(fromQueueId, moved.from);
      if (moved.to) this.queues.save(toQueueId, moved.to);
      const now = Date.now();
      // The ring in the old queue ends with the move: its agent is free for the next caller.
      if (moved.ringEnded) {
        const current = this.pool.presenceOf(moved.ringEnded, now);
        this.pool.save(moved.ringEnded, ringEnded(current, callId, "available", now));
      }
      this.broadcastSnapshot();
      await this.setTimers(now);
      return fromQueueId;
    }
    return null;
  }

  /**
   * The queue is being deleted: its line is cleared when nobody waits in it (true); with
   * callers in line (a callback kept place counts) nothing changes and the numbers they
   * called from are returned, for the route to refuse naming them. Called before the row's
   * delete commits: a caller who reaches the line after this still waits, and is served.
   */
  async queueRemove(queueId: string): Promise<{ removed: true } | { removed: false; waitingFrom: string[] }> {
    const desk = this.queues.get(queueId);
    if (desk && desk.book.waiting.length > 0) return { removed: false, waitingFrom: desk.book.waiting.map((caller) => caller.from) };
    this.queues.delete(queueId);
    this.broadcastSnapshot();
    return { removed: true };
  }

  /** One queue live, for the stats route (an empty line and no numbers before its first caller). */
  async queueLiveView(queueId: string, serviceLevelSeconds: number): Promise<QueueLiveView> {
    const now = Date.now();
    return queueLive(queueId, this.queues.get(queueId), this.poolAgents(now), now, serviceLevelSeconds);
  }

  /**
   * The queue's members or their skills changed (a supervisor, or an admin's PATCH): the
   * next pass routes by them, so a caller waiting for a skill is answered by whoever now has it.
   */
  async queueRoutingChanged(queueId: string, routing: QueueRouting): Promise<void> {
    const desk = this.queues.get(queueId);
    if (!desk) return;
    this.queues.save(queueId, withRouting(desk, routing));
    this.broadcastSnapshot();
  }

  // ---- The agent's ring (objects/queue/queue-ring.ts) --------------------------------
  // A queue with `agentRing` rings the chosen agent's console instead of connecting them:
  // the agent is reserved for the caller (on_call, the caller's call id) while it rings, so
  // the choice and the reservation stay one step; the caller keeps their place in line
  // until the agent accepts. A reject or a ring run out gives the agent back and the caller
  // to the next agent; `missesBeforeBreak` unanswered in a row put the agent on a break.

  /** The agent answered the ring of `callId` on their console; false when it no longer rings them. */
  private answerRing(userId: string, callId: string, answer: "accept" | "reject"): boolean {
    const now = Date.now();
    for (const queueId of this.queues.ids()) {
      const desk = this.queues.get(queueId);
      const next = desk && answerRing(desk, userId, callId, answer, now);
      if (!next) continue;
      this.queues.save(queueId, next);
      // Accepted: the reservation made for the ring stands (the call's next turn connects them).
      if (answer === "reject") this.pool.save(userId, ringEnded(this.pool.presenceOf(userId, now), callId, "available", now));
      this.pool.setRingMisses(userId, 0);
      this.broadcastSnapshot();
      logEvent({ event: answer === "accept" ? "queue_ring_accepted" : "queue_ring_rejected", pool: this.poolName, queueId, callId, userId });
      // Accepted: the caller's call connects them on its next turn, asked at once.
      if (answer === "accept") this.tellTurnsDue([callId]);
      return true;
    }
    return false;
  }

  /**
   * Every ring run out by `nowMs` passes to the next agent, a miss of its agent's: given
   * back, or put on a break after the queue's `missesBeforeBreak` in a row (audited, with
   * the presence span it opens). True when any ended. Public so a test drives its clock.
   */
  endRingsDue(nowMs: number): boolean {
    let ended = false;
    for (const queueId of this.queues.ids()) {
      const desk = this.queues.get(queueId);
      if (!desk || soonestRingEndMs(desk.book) === null) continue;
      const due = endDueRings(desk, nowMs);
      if (due.missed.length === 0) continue;
      this.queues.save(queueId, due.desk);
      for (const ring of due.missed) {
        const miss = afterMiss(this.pool.ringMisses().get(ring.userId) ?? 0, desk.routing.agentRing);
        this.pool.setRingMisses(ring.userId, miss.misses);
        const current = this.pool.presenceOf(ring.userId, nowMs);
        const next = ringEnded(current, ring.callId, miss.onBreak ? "break" : "available", nowMs);
        const breakCause = miss.onBreak ? { missedRings: desk.routing.agentRing?.missesBeforeBreak ?? 1, queueId, callId: ring.callId } : undefined;
        if (next !== current) this.pool.save(ring.userId, next, breakCause);
        logEvent({ event: "queue_ring_missed", pool: this.poolName, queueId, callId: ring.callId, userId: ring.userId, onBreak: miss.onBreak });
      }
      ended = true;
    }
    if (ended) this.broadcastSnapshot();
    return ended;
  }

  /** The rings under way, by the agent each rings (for their consoles). */
  private ringsByUser(): Map<string, QueueRing> {
    const rings = new Map<string, QueueRing>();
    const misses = this.pool.ringMisses();
    for (const queueId of this.queues.ids()) {
      const desk = this.queues.get(queueId);
      if (!desk) continue;
      for (const caller of ringsOf(desk.book)) {
        const userId = caller.ringing.userId;
        rings.set(userId, { queueId, callId: caller.callId, from: caller.from, accountId: caller.accountId ?? null, reasons: caller.reasons ?? [], expiresAt: caller.ringing.untilMs, missesInARow: misses.get(userId) ?? 0, missesBeforeBreak: desk.routing.agentRing?.missesBeforeBreak ?? 0 });
      }
    }
    return rings;
  }

  /** When the next ring runs out, over every queue. */
  private soonestRingEnd(): number | null {
    const ends = this.queues.ids().flatMap((queueId) => {
      const desk = this.queues.get(queueId);
      const end = desk && soonestRingEndMs(desk.book);
      return end ? [end] : [];
    });
    return ends.length ? Math.min(...ends) : null;
  }

  private poolAgents(nowMs: number): PoolAgent[] {
    return this.pool.members(nowMs).map((member) => ({ userId: member.userId, status: member.presence.status, statusSince: member.presence.statusSince }));
  }

  /** A queue's answered call ended: its talk time joins the queue's recent handle times. */
  private queueCallEnded(callId: string, nowMs: number): void {
    for (const queueId of this.queues.ids()) {
      const desk = this.queues.get(queueId);
      const next = desk && handled(desk, callId, nowMs);
      if (next) this.queues.save(queueId, next);
    }
  }

  /** A preview campaign offers this agent a lead; false when the agent is no longer available for it. */
  async offerPreview(userId: string, offer: PreviewOffer): Promise<boolean> {
    const now = Date.now();
    const next = startPreview(this.pool.presenceOf(userId, now), offer, now);
    if (!next) return false;
    this.change(userId, next);
    await this.setTimers(now);
    return true;
  }

  /** The offer is over (dialled elsewhere, skipped, refused, withdrawn): a no-op when the agent no longer holds it. */
  async endPreview(userId: string, campaignId: string, accountId: string, then: "available" | "break"): Promise<void> {
    const now = Date.now();
    const current = this.pool.presenceOf(userId, now);
    if (this.changeIfNew(userId, current, endPreview(current, campaignId, accountId, then, now))) await this.setTimers(now);
  }

  /** A call has this agent (a call they placed, or an inbound call that rang them). */
  async callStarted(userId: string, callId: string): Promise<void> {
    const now = Date.now();
    const current = this.pool.presenceOf(userId, now);
    if (this.changeIfNew(userId, current, startCall(current, callId, now))) await this.setTimers(now);
  }

  /** The call ended: wrap-up under the call's policy (calls stored before policies: an ordinary call's). */
  async callEnded(userId: string, callId: string, wrapUp: WrapUpPolicy = ordinaryCallWrapUp()): Promise<void> {
    const now = Date.now();
    const current = this.pool.presenceOf(userId, now);
    // A hand still up on an ended call has nobody left to help.
    const cleared = this.pool.clearHelp(callId, null);
    if (this.changeIfNew(userId, current, endCall(current, callId, now, wrapUp))) {
      // Once per call (a repeated end changes nothing above).
      this.queueCallEnded(callId, now);
      await this.setTimers(now);
    } else if (cleared) this.broadcastSnapshot();
  }

  /** An AI call's state now (a late or repeated report changes nothing): the consoles of those who may take it over list it. */
  async aiCallReported(live: LiveAiCall): Promise<void> {
    if (this.aiCalls.report(live)) this.broadcastSnapshot();
  }

  /** An AI call ended: off every console's list, for good. */
  async aiCallEnded(callId: string): Promise<void> {
    if (this.aiCalls.end(callId, Date.now())) this.broadcastSnapshot();
  }

  /** An agent raised a hand on a live call: every supervisor's board shows it. */
  async helpRequested(request: HelpRequestView): Promise<void> {
    if (this.pool.raiseHelp(request)) this.broadcastSnapshot();
  }

  /** The hand came down (a supervisor joined, a new raise, the call's end). */
  async helpCleared(callId: string, requestId: string): Promise<void> {
    if (this.pool.clearHelp(callId, requestId)) this.broadcastSnapshot();
  }

  /** The call's disposition was saved (PATCH /api/calls/:id): may end the agent's wrap-up. A no-op for any other call. */
  async dispositionSaved(userId: string, callId: string): Promise<void> {
    const now = Date.now();
    const current = this.pool.presenceOf(userId, now);
    if (this.changeIfNew(userId, current, saveDisposition(current, callId, now))) await this.setTimers(now);
  }

  override async onAlarm(): Promise<void> {
    this.keptAlarm.fired();
    const now = Date.now();
    const changed = this.pool.finishDueWrapUps(now);
    if (changed) this.broadcastSnapshot();
    this.endRingsDue(now);
    // The alarm is the outbox's scheduled retry: its backoff has run out.
    await this.presenceWrites.request({ ignoreBackoff: true });
    // What an event set while the write was under way is not taken for the next alarm: set it here.
    this.keptAlarm.fired();
    await this.setTimers(Date.now());
  }

  /** Writes the queued presence spans to Postgres; a failure leaves them queued, with the outbox's backoff. */
  private async writePresence(options: { ignoreBackoff: boolean }): Promise<void> {
    const organizationId = organizationOfPool(this.poolName);
    if (!organizationId) return;
    await this.pool.spans.outbox.flush(
      (spans) => recordWriterFor(this.env, this.poolName).writePresenceSpans(spans.map((span) => ({ ...span, organizationId }))),
      options,
    );
  }

  // ---- The room ------------------------------------------------------------------

  override onConnect(connection: Connection<RoomIdentity>, ctx: ConnectionContext): void {
    const identity = readRoomIdentity(ctx.request);
    if (!identity) {
      // Only reachable by bypassing the Worker; refuse rather than guess who this is.
      connection.close(1008, "missing identity");
      return;
    }
    connection.setState(identity);
    this.listedConsoles = null;
    this.pool.saveIdentity(identity, Date.now());
    this.sentSnapshots.forget(connection.id);
    this.broadcastSnapshot();
  }

  override async onMessage(connection: Connection<RoomIdentity>, raw: WSMessage): Promise<void> {
    const identity = connection.state;
    if (!identity) return;
    const parsed = poolClientMessage.safeParse(parseSocketJson(raw));
    if (!parsed.success) {
      this.sendTo(connection, { type: "error", code: "invalid_message", message: parsed.error.issues[0]?.message ?? "invalid" });
      return;
    }
    const message = parsed.data;
    switch (message.type) {
      case "set_presence": {
        const now = Date.now();
        const change = choosePresence(this.pool.presenceOf(identity.userId, now), identity.role, message.status, now);
        if (!change.ok) {
          this.sendTo(connection, { type: "error", code: change.code, message: change.message });
          return;
        }
        // Choosing a status is the agent back at their console: their missed rings start again.
        this.pool.setRingMisses(identity.userId, 0);
        if (change.changed) {
          this.change(identity.userId, change.record);
          // Choosing during wrap-up ends it early: its timer goes (or moves to the next agent's).
          await this.setTimers(now);
        }
        return;
      }
      case "extend_wrap_up": {
        const now = Date.now();
        const extended = extendWrapUp(this.pool.presenceOf(identity.userId, now), now);
        if (!extended.ok) {
          this.sendTo(connection, { type: "error", code: extended.code, message: extended.message });
          return;
        }
        this.change(identity.userId, extended.record);
        await this.setTimers(now);
        return;
      }
      case "answer_ring": {
        if (!this.answerRing(identity.userId, message.callId, message.answer)) {
          this.sendTo(connection, { type: "error", code: "ring_gone", message: "This caller no longer rings you: the ring ran out, or they hung up or were moved." });
          return;
        }
        await this.setTimers(Date.now());
        return;
      }
      default:
        return assertNever(message);
    }
  }

  override onError(connection: Connection, error: unknown): void {
    this.listedConsoles = null;
    logEvent({ event: "pool_socket_error", pool: this.poolName, connectionId: connection.id, error: error instanceof Error ? error.message : String(error) });
  }

  override async onClose(connection: Connection<RoomIdentity>): Promise<void> {
    this.listedConsoles = null;
    const identity = connection.state;
    if (!identity) return;
    const stillOpen = this.openConsoles(connection.id).some((other) => other.identity.userId === identity.userId);
    const now = Date.now();
    if (!stillOpen) this.pool.save(identity.userId, afterLastConnectionClosed(this.pool.presenceOf(identity.userId, now), now));
    this.sendSnapshotsNow(connection.id);
    if (!stillOpen) await this.setTimers(now);
  }

  // ---- Helpers -------------------------------------------------------------------

  private change(userId: string, next: PresenceRecord): void {
    this.pool.save(userId, next);
    this.broadcastSnapshot();
  }

  /** Stores and shows `next` unless the rules left the agent as they were; true when it changed. */
  private changeIfNew(userId: string, current: PresenceRecord, next: PresenceRecord): boolean {
    if (next === current) return false;
    this.change(userId, next);
    return true;
  }

  /** The alarm is the soonest named timer: a wrap-up's end, or presence spans to write (at once, or after the outbox's backoff). */
  private async setTimers(nowMs: number): Promise<void> {
    await setSoonestAlarm(
      this.keptAlarm,
      { wrapUpEnds: this.pool.soonestWrapUpEndMs(nowMs), presenceOutbox: this.pool.spans.outbox.nextAttemptAtMs(nowMs), ringEnds: this.soonestRingEnd() },
      nowMs,
    );
  }

  /** The consoles open now, with who each is (set once, when it connected). */
  private openConsoles(closingConnectionId?: string): OpenConsole[] {
    this.listedConsoles ??= [...this.getConnections<RoomIdentity>()].flatMap((connection) => {
      const identity = connection.state;
      return identity ? [{ connection, id: connection.id, identity }] : [];
    });
    // A socket that closed since it was listed is left out until its close empties the list.
    return this.listedConsoles.filter((open) => open.connection.readyState === WebSocket.OPEN && open.id !== closingConnectionId);
  }

  private board(open = this.openConsoles(), members = this.pool.members(Date.now())): PoolMember[] {
    return boardMembers(members, open.map((console_) => console_.identity.userId));
  }

  /**
   * Sends the consoles what changed once the event that changed it has returned: a call's
   * reservation is answered without waiting for 200 consoles' snapshots to be built, and a
   * burst of changes (reservations queued behind one another) goes out as one send per console.
   */
  private broadcastSnapshot(): void {
    if (this.snapshotsDue) return;
    this.snapshotsDue = true;
    setTimeout(() => {
      this.snapshotsDue = false;
      this.sendSnapshotsNow();
    }, 0);
  }

  private sendSnapshotsNow(closingConnectionId?: string): void {
    const open = this.openConsoles(closingConnectionId);
    const serverNow = Date.now();
    const members = this.pool.members(serverNow);
    const board = this.board(open, members);
    const offers = offersByUser(members);
    const rings = this.ringsByUser();
    const helpRequests = this.pool.helpRequests();
    const agents = members.map((member) => ({ userId: member.userId, status: member.presence.status, statusSince: member.presence.statusSince }));
    let queues: QueueLiveView[] | null = null;
    // Read once per broadcast, and only when a supervisor's console could show them.
    const liveQueues = () => (queues ??= this.queues.ids().map((queueId) => queueLive(queueId, this.queues.get(queueId), agents, serverNow)));
    const aiCalls = this.aiCalls.live();
    for (const { connection, id, identity } of open) {
      const you = { userId: identity.userId, role: identity.role };
      const message = this.sentSnapshots.message(id, snapshotFor(you, board, offers, serverNow, helpRequests, liveQueues, rings, aiCalls));
      if (message !== null) connection.send(message);
    }
    this.sentSnapshots.keepOnly(new Set(open.map((console_) => console_.id)));
  }

  private sendTo(connection: Connection, message: PoolServerMessage): void {
    connection.send(JSON.stringify(message satisfies PoolServerMessage));
  }
}

/** An open console as the pool keeps it listed: its socket, and its id and identity read once. */
interface OpenConsole {
  connection: Connection<RoomIdentity>;
  id: string;
  identity: RoomIdentity;
}

/** The organisation a pool belongs to, from its room name (`<orgId>:pool`). */
function organizationOfPool(poolName: string): string | null {
  const suffix = agentPoolRoomName("");
  return poolName.endsWith(suffix) && poolName.length > suffix.length ? poolName.slice(0, -suffix.length) : null;
}

function parseSocketJson(raw: WSMessage): unknown {
  if (typeof raw !== "string") return null;
  try {
    return JSON.parse(raw);
  } catch {
    return null;
  }
}

function assertNever(value: never): never {
  throw new Error(`Unhandled message ${JSON.stringify(value)}`);
}
