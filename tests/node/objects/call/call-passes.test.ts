// The call's pass against a slow model: translations run beside the pass, so a carrier
// command the call wants while the model thinks (the agent hangs up) is sent at once, and
// the translation still arrives, in its batch, stored once, when the model answers. The
// model is the model simulator on its manual clock (it answers only when the test moves
// its time), reached through the engine's real model client and prompts; the call's
// storage is a real SQLite; the carrier and the call's clock are fakes the test drives.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RecordRow } from "../../../../db/writers/call-rows";
import { CallFold } from "../../../../objects/call/call-fold";
import { CallPasses } from "../../../../objects/call/call-passes";
import { CallStorage } from "../../../../objects/call/call-storage";
import { toCallView } from "../../../../objects/call/call-view";
import type { CarrierEvent } from "../../../../objects/call/carrier-event";
import { MODEL_RUN_LEASE_MS } from "../../../../objects/call/features/intelligence/intelligence-tasks";
import { modelWriter } from "../../../../objects/call/features/intelligence/model-writer";
import type { IntelligencePort } from "../../../../objects/call/features/intelligence/translator";
import { hangupRequested } from "../../../../objects/call/local-events";
import type { CallPorts } from "../../../../objects/call/ports";
import { createModelClient, modelConfigFrom } from "../../../../objects/shared/model";
import { startModelSimulator, type ModelSimulator } from "../../../../sim/model/server";
import { openTestSqlStorage, type TestSqlStorage } from "../../support/sqlite-storage";
import { event, hangup, said, spec, T0 } from "./events";
import { FakeClock, FakePorts } from "./fake-ports";

const callSpec = spec();
const SPANISH_LINE = said(8, "Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?");

let sim: ModelSimulator;
let sql: TestSqlStorage;
beforeEach(async () => {
  sim = await startModelSimulator({ port: 0, seed: 7, clock: "manual" });
  sql = await openTestSqlStorage();
});
afterEach(async () => {
  sql.close();
  await sim.close();
});

/** Live intelligence's port with the real prompts and model client, against the simulator. */
function simulatorIntelligence(clock: FakeClock): IntelligencePort {
  const client = createModelClient(modelConfigFrom({ OPENAI_BASE_URL: sim.baseUrl, OPENAI_MODEL: sim.modelId, OPENAI_API_KEY: "sim-key", LLM_MODE: "simulator" }));
  const writer = modelWriter(client, () => clock.nowMs);
  return {
    settings: async () => ({ translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: [] }),
    model: () => ({ configured: true, name: sim.modelId, simulated: true }),
    translate: (request) => writer.translate(request),
    summarise: (request) => writer.summarise(request),
    suggest: (request, deadlineMs) => writer.suggest(request, deadlineMs),
    scoreSentiment: (request, deadlineMs) => writer.scoreSentiment(request, deadlineMs),
    suggestDisposition: (request) => writer.suggestDisposition(request),
    detectLanguage: (request, deadlineMs) => writer.detectLanguage(request, deadlineMs),
  };
}

/** One life of the CallActor over the given storage: its pass, with fakes for the room, Postgres and the alarm. */
class ActorLife {
  readonly store = new CallStorage({ sql } as unknown as DurableObjectStorage);
  readonly fold = new CallFold(this.store);
  readonly written: RecordRow[] = [];
  readonly running: Promise<unknown>[] = [];
  readonly passes: CallPasses;

  constructor(
    readonly ports: FakePorts,
    intelligence: IntelligencePort,
  ) {
    const callPorts: CallPorts = { ...ports, intelligence };
    this.store.saveSpec(callSpec);
    this.passes = new CallPasses({
      store: this.store,
      fold: this.fold,
      ports: () => callPorts,
      addLocalEvent: (_spec, raised) => void this.store.addEvent(raised, raised.occurredAtMs),
      refresh: () => undefined,
      writeRows: async (_spec, rows) => void this.written.push(...rows),
      alarm: { setAlarm: async () => undefined, deleteAlarm: async () => undefined },
      keepAlive: (work) => void this.running.push(work),
      now: () => ports.clock.nowMs,
    });
  }

  /** A webhook's event arrives, and the pass it asks for runs to its end. */
  async receive(...events: CarrierEvent[]): Promise<void> {
    for (const each of events) this.store.addEvent(each, this.ports.clock.nowMs);
    await this.passes.request({ retryNow: false });
  }

  /** Everything started beside the pass has ended (and the passes it asked for). */
  async settled(): Promise<void> {
    for (let seen = 0; seen < this.running.length; seen = this.running.length) await Promise.all(this.running.slice(seen));
  }

  translations() {
    return toCallView(callSpec, this.fold.record(callSpec), undefined, "agent").intelligence!.translation.lines ?? [];
  }
}

const sentCommands = (ports: FakePorts) => ports.sent.map((sent) => sent.command.name);
/** The requests that asked for a translation (a customer's first line is also read for its sentiment). */
const translationRequests = () => sim.requests().filter((request) => request.outcome.kind === "reply" && request.outcome.source.startsWith("translation"));

describe("the call's pass while the model is slow", () => {
  it("sends the hang-up at once while a translation waits on the model, then delivers the translation and stores it once", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 9_000));
    const life = new ActorLife(ports, simulatorIntelligence(ports.clock));
    await life.receive(event("call.initiated", 0), event("call.answered", 4), SPANISH_LINE);
    await sim.waitForRequests(3); // the line is with the model (its translation, its sentiment and its language), which does not answer until its clock moves

    // The agent hangs up: the pass that follows sends the hang-up without waiting on the model.
    ports.clock.advance(1_000);
    await life.receive(hangupRequested(ports.clock.nowMs));
    expect(sentCommands(ports)).toContain("hangup-customer");
    expect(life.translations()).toEqual([]);

    // The model answers; its translation is delivered in the batch 500 ms later (the alarm's pass).
    await sim.advance(10_000);
    await life.settled();
    ports.clock.advance(500);
    await life.passes.request({ retryNow: true });
    expect(life.translations().map((line) => [line.segmentId, line.text])).toEqual([[SPANISH_LINE.id, "Yes, I know. I get paid on Friday. Can I pay next week?"]]);

    // Once: more passes ask the model nothing more and write no second row.
    ports.clock.advance(MODEL_RUN_LEASE_MS * 2);
    await life.passes.request({ retryNow: true });
    await life.settled();
    expect(translationRequests()).toHaveLength(1);
    expect(sim.requests()).toHaveLength(3);
    expect(life.written.filter((row) => row.table === "translation")).toHaveLength(1);
  });

  it("asks the model again after an eviction lost its answer, once the lease is over, and stores the one answer", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 9_000));
    // The first life's model never answers: the actor is evicted with the request open.
    const neverAnswers: IntelligencePort = { ...simulatorIntelligence(ports.clock), translate: () => new Promise(() => undefined), scoreSentiment: () => new Promise(() => undefined), detectLanguage: () => new Promise(() => undefined) };
    const first = new ActorLife(ports, neverAnswers);
    await first.receive(event("call.initiated", 0), event("call.answered", 4), SPANISH_LINE);
    expect(first.store.tasks.get(`translate:${SPANISH_LINE.id}`)?.state).toBe("pending");

    // A new life over the same storage: nothing is asked again before the lease ends.
    const second = new ActorLife(ports, simulatorIntelligence(ports.clock));
    await second.passes.request({ retryNow: true });
    expect(sim.requests()).toHaveLength(0);
    ports.clock.advance(MODEL_RUN_LEASE_MS);
    await second.passes.request({ retryNow: true });
    await sim.waitForRequests(2); // the translation and the sentiment (the language reading's lease, taken later, runs on)
    await sim.advance(10_000);
    await second.settled();
    ports.clock.advance(500);
    await second.passes.request({ retryNow: true });
    expect(second.translations().map((line) => line.segmentId)).toEqual([SPANISH_LINE.id]);
    expect([...first.written, ...second.written].filter((row) => row.table === "translation")).toHaveLength(1);
  });
});

describe("model sentiment and the suggested disposition, against the model simulator", () => {
  it("reads an angry first line as hostile and raises the model's escalation alert once; once the call ended it suggests the disposition, labelled as the simulator's", async () => {
    const ports = new FakePorts(new FakeClock(T0 + 9_000));
    const life = new ActorLife(ports, simulatorIntelligence(ports.clock));
    const angry = said(8, "Stop calling me, this is harassment. I'm calling my lawyer.");
    await life.receive(event("call.initiated", 0), event("call.answered", 4), angry);
    await sim.waitForRequests(3); // English: nothing to translate; the line's sentiment, its language and a suggested line are with the model
    await sim.advance(10_000);
    await life.settled();
    await life.passes.request({ retryNow: true });
    const view = () => toCallView(callSpec, life.fold.record(callSpec), undefined, "agent").intelligence!;
    expect(view().modelSentiment).toMatchObject({ available: true, score: -0.9, escalate: true, segmentId: angry.id, simulated: true });
    expect(view().alerts.filter((alert) => alert.rule === "model_escalation")).toHaveLength(1);
    expect(life.store.events().filter((e) => e.type === "wib.intelligence.alert" && e.id.endsWith(":model_escalation"))).toHaveLength(1);

    await life.receive(hangup(10, "normal_clearing"));
    ports.clock.nowMs = T0 + 12_000; // the summary's and the disposition's time, 2 s after the end
    await life.passes.request({ retryNow: true });
    await sim.waitForRequests(5); // the summary and the disposition
    await sim.advance(10_000);
    await life.settled();
    expect(view().suggestedDisposition).toMatchObject({ disposition: "refused", source: "model", reason: expect.stringContaining("simulator"), model: expect.stringContaining("(simulator)") });
    expect(life.store.events().filter((e) => e.type === "wib.intelligence.alert" && e.id.endsWith(":model_escalation"))).toHaveLength(1);
  });
});
