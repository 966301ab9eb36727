// `npm run bench:intel -- --stages`: one transcript line's time inside its call actor,
// stage by stage, in Node (workerd's clocks stand still while code runs, so the actor
// cannot time itself). N calls of the Spanish persona's script, each through the actor's
// own storage (CallStorage over sql.js, SQLite compiled to wasm: slower than workerd's),
// the customer's lines taken in turn from the labelled utterances (so that language
// detection, memoised per text, reads each line afresh until the list runs out),
// fold and room (call-room.ts, the code the actor runs), from the webhook's arrival at
// the actor to the enriched line's broadcast, then what follows it:
//   parse → detection → line sent   (the line is handed to the room, before any write)
//   store → rows                     (the rest of the webhook's turn: the ack waits for these)
//   fold → sentiment/objections → window/alerts → view → persist → view sent → plan
//                                    (the actor's next turn, after the ack: #absorbSoon)
// workerd writes a socket message only when the turn that sent it ends, and holds one
// sent after a storage write until that write is committed (the output gate): so the
// line is sent before the turn's writes, and reaches the agent once store and rows end.
// Detection, sentiment/objections and window/alerts are read first on their own (the
// analyses are memoised per segment and per transcript, so the room's refresh then finds
// them done): what each costs, not a second reading. Plan is the pass's synchronous part
// (the features' due events and desired tasks). Numbers are CPU microseconds
// (process.cpuUsage), so time the process spent descheduled on a busy machine is not
// counted; the first lines pay for building the lexicons once.
import { readFileSync } from "node:fs";
import { z } from "zod";
import os from "node:os";
import { CallFold } from "../../objects/call/call-fold";
import { CallRoom, type RoomStage } from "../../objects/call/call-room";
import type { CallSpec } from "../../objects/call/call-spec";
import { CallStorage } from "../../objects/call/call-storage";
import { carrierEventSchema, type CarrierEvent } from "../../objects/call/carrier-event";
import { transcriptSegmentOf } from "../../objects/call/call-view";
import { analyseCall, analyseSegment, segmentLanguageOf } from "../../objects/call/features/intelligence/call-intelligence";
import { redactSensitiveInput } from "../../objects/call/features/ivr/key-redaction";
import { desiredCallTasks, dueCallEvents } from "../../objects/call/features/registry";
import { intelligenceStarted } from "../../objects/call/local-events";
import { BUILT_IN_PERSONAS } from "../../sim/carrier/persona-scripts";
import { spec as callSpec } from "../../tests/node/objects/call/events";
import { openTestSqlStorage } from "../../tests/node/support/sqlite-storage";
import { summarize, type LatencySummary } from "../calls/percentiles";
import type { CallLanguage } from "../../domain/languages";

export const STAGES = ["parse", "detection", "line_sent", "store", "rows", "fold", "sentiment_objections", "window_alerts", "view", "persist", "view_sent", "plan"] as const;
export type Stage = (typeof STAGES)[number];
/** The stages before the enriched line leaves the actor. */
const BEFORE_THE_LINE: ReadonlySet<Stage> = new Set(["parse", "detection", "line_sent"]);

export interface StagesReport {
  calls: number;
  lines: number;
  loadAverage: number[];
  /** Per transcript line, CPU microseconds. */
  stagesUs: Record<Stage, LatencySummary & { meanUs: number }>;
  /** Arrival → the line handed to the room (workerd writes it once the turn's later stages end too). */
  toLineSentUs: LatencySummary;
  /** What follows in the same turn: the record, its view and the pass's planning. */
  afterTheLineUs: LatencySummary;
}

/** CPU time of this process, user and system, in microseconds. */
const cpuMicros = () => {
  const { user, system } = process.cpuUsage();
  return user + system;
};

const T0 = Date.UTC(2026, 11, 1, 15, 0, 0);
const PERSONA = "live-human-es";

function spanishCall(n: number): CallSpec {
  return callSpec({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    to: `+1555011${String(n % 10_000).padStart(4, "0")}`,
    createdAtMs: T0,
  });
}

/** What the carrier sends for one call of the persona, as the webhook route hands it to the actor. */
function personaEvents(callNumber: number, customerLines: readonly string[]): { event: unknown; line: boolean }[] {
  const persona = BUILT_IN_PERSONAS.find((p) => p.name === PERSONA);
  if (!persona) throw new Error(`no persona ${PERSONA}`);
  const base = { leg: "customer", callControlId: "v3:customer", callSessionId: `session-${callNumber}`, payload: {} };
  const at = (seconds: number) => T0 + Math.round(seconds * 1000);
  const control = (type: string, seconds: number, extra: Record<string, unknown> = {}) => ({ event: { ...base, id: `${callNumber}-${type}`, type, occurredAtMs: at(seconds), ...extra }, line: false });
  const answeredAt = 4;
  return [
    control("call.initiated", 0),
    control("call.answered", answeredAt),
    control("call.machine.premium.detection.ended", answeredAt + 2.5, { amdResult: "human" }),
    ...persona.utterances.map((u, i) => {
      const customerText = u.track === "inbound" && customerLines.length > 0 ? customerLines[(callNumber * persona.utterances.length + i) % customerLines.length]! : null;
      const text = customerText ?? u.text.replace(/\{[^|}]*\|([^}]*)\}/g, "$1");
      return { event: { ...base, id: `${callNumber}-line-${i}`, type: "call.transcription", occurredAtMs: at(answeredAt + u.atSecond), transcript: { text, track: u.track, confidence: 0.92 } }, line: true };
    }),
    control("call.hangup", answeredAt + 40, { hangupCause: "normal_clearing", hangupSource: "callee" }),
  ];
}

export async function runStages(calls: number, utterancesFile: string): Promise<StagesReport> {
  const customerLines = z.array(z.object({ text: z.string() })).parse(JSON.parse(readFileSync(utterancesFile, "utf8"))).map((u) => u.text);
  const samples = Object.fromEntries(STAGES.map((stage) => [stage, [] as number[]])) as Record<Stage, number[]>;
  const toLine: number[] = [];
  const after: number[] = [];
  for (let n = 0; n < calls; n++) {
    const sql = await openTestSqlStorage();
    try {
      const store = new CallStorage({ sql } as unknown as DurableObjectStorage);
      const fold = new CallFold(store);
      let last = 0;
      const lap: Partial<Record<Stage, number>> = {};
      const mark = (stage: Stage) => {
        const now = cpuMicros();
        lap[stage] = (lap[stage] ?? 0) + (now - last);
        last = now;
      };
      // One supervisor console in the room (the bench's load client watches as the owner).
      const console = { audience: "supervisor" as const, send: (message: string) => void message.length };
      const room = new CallRoom(store, fold, { broadcast: (message) => void message.length, connections: () => [console] }, (stage: RoomStage) => mark(stage));
      const spec = spanishCall(n);
      store.saveSpec(spec);
      const settings = intelligenceStarted(T0, { translation: { enabled: true, from: "auto", to: "en" }, objectionPhrases: ["hardship"], model: { configured: true, name: "wib-sim-1", simulated: true } });
      store.addEvent(settings, T0);
      room.refresh(spec);
      let callLanguage: CallLanguage = "en";
      for (const { event: input, line } of personaEvents(n, customerLines)) {
        for (const stage of STAGES) delete lap[stage];
        last = cpuMicros();
        const parsed = carrierEventSchema.parse(input);
        const event = redactSensitiveInput(spec, store.events(), parsed);
        mark("parse");
        const segment = transcriptSegmentOf(event);
        if (segment) segmentLanguageOf(segment);
        mark("detection");
        // As the actor's webhook turn: a new line is sent before the event is written.
        room.receive(spec, event, T0, { schemaParsed: event === parsed });
        const record = fold.record(spec);
        mark("fold");
        const phrases = record.intelligence.started?.objectionPhrases ?? [];
        // Read in the call's language as it stood before the line, as the call's analysis reads it.
        if (segment) analyseSegment(segment, callLanguage, phrases);
        mark("sentiment_objections");
        callLanguage = analyseCall(record.transcript, phrases).language?.language ?? "en";
        mark("window_alerts");
        room.refresh(spec);
        last = cpuMicros();
        plan(store, fold, room, spec);
        mark("plan");
        if (!line) continue;
        for (const stage of STAGES) samples[stage].push(lap[stage] ?? 0);
        toLine.push(STAGES.filter((s) => BEFORE_THE_LINE.has(s)).reduce((sum, s) => sum + (lap[s] ?? 0), 0));
        after.push(STAGES.filter((s) => !BEFORE_THE_LINE.has(s)).reduce((sum, s) => sum + (lap[s] ?? 0), 0));
      }
    } finally {
      sql.close();
    }
  }
  const us = (values: number[]) => values.map((v) => Math.round(v));
  const stagesUs = Object.fromEntries(
    STAGES.map((stage) => [stage, { ...summarize(us(samples[stage])), meanUs: Math.round(samples[stage].reduce((a, b) => a + b, 0) / Math.max(1, samples[stage].length)) }]),
  ) as StagesReport["stagesUs"];
  return { calls, lines: toLine.length, loadAverage: os.loadavg().map((v) => Math.round(v * 100) / 100), stagesUs, toLineSentUs: summarize(us(toLine)), afterTheLineUs: summarize(us(after)) };
}

/** The pass's synchronous first round: the features' due events into the inbox (a refresh each), then their desired tasks. */
function plan(store: CallStorage, fold: CallFold, room: CallRoom, spec: CallSpec): void {
  const due: CarrierEvent[] = dueCallEvents(fold.situation(spec, T0));
  for (const event of due) if (store.addEvent(event, event.occurredAtMs)) room.recordEvent(spec, event);
  room.refresh(spec);
  for (const task of desiredCallTasks(fold.situation(spec, T0))) store.tasks.addOnce(task, T0);
}

export function formatStagesReport(report: StagesReport): string {
  const row = (name: string, s: LatencySummary, mean?: number) =>
    `${name.padEnd(34)} p50 ${String(s.p50 ?? "-").padStart(6)} µs  p95 ${String(s.p95 ?? "-").padStart(6)} µs  p99 ${String(s.p99 ?? "-").padStart(6)} µs  max ${String(s.max ?? "-").padStart(6)} µs${mean === undefined ? "" : `  mean ${mean} µs`}`;
  return [
    `bench:intel stages — ${report.lines} transcript lines of ${report.calls} Spanish calls through one call actor's code in Node, CPU µs (load average ${report.loadAverage.join(", ")})`,
    ...STAGES.map((stage) => row(`${BEFORE_THE_LINE.has(stage) ? "  " : "    (after) "}${stage}`, report.stagesUs[stage], report.stagesUs[stage].meanUs)),
    row("arrival -> enriched line handed to the room", report.toLineSentUs),
    row("then: store, rows; the next turn's record, view, pass", report.afterTheLineUs),
  ].join("\n");
}
