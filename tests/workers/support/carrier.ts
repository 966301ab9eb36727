// Carrying the simulator's webhooks to the Worker under test, the way the carrier
// would: the simulator posts them to the mailbox, and these helpers hand them to
// POST /webhooks/telnyx, signed with the key the Worker trusts. Tests decide the
// order and the multiplicity; nothing here sleeps for a fixed time.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { onTestFinished } from "vitest";
import { decodeClientState } from "../../../objects/call/client-state";
import { TEST_SIMULATOR_SPEED } from "../../setup/simulator-speed";
import { freshNumberIn } from "./calls";
import { BASE_URL } from "./client";

export interface Delivery {
  seq: number;
  body: string;
}

interface ParsedDelivery extends Delivery {
  eventType: string;
  eventId: string;
  callId: string | null;
  organizationId: string | null;
  callSessionId: string | null;
}

export async function mailboxDeliveries(after = 0): Promise<ParsedDelivery[]> {
  const response = await fetch(`${env.TEST_MAILBOX_URL}/deliveries?after=${after}`);
  const { deliveries } = (await response.json()) as { deliveries: Delivery[] };
  return deliveries.map((d) => {
    const data = JSON.parse(d.body).data;
    return {
      ...d,
      eventType: data.event_type,
      eventId: data.id,
      callId: decodeClientState(data.payload.client_state)?.callId ?? null,
      organizationId: decodeClientState(data.payload.client_state)?.organizationId ?? null,
      callSessionId: data.payload.call_session_id ?? null,
    };
  });
}

export async function signedHeaders(body: string, options: { timestampSeconds?: number; wrongKey?: boolean } = {}): Promise<Record<string, string>> {
  const response = await fetch(`${env.TEST_MAILBOX_URL}/sign`, { method: "POST", body: JSON.stringify({ body, ...options }) });
  return ((await response.json()) as { headers: Record<string, string> }).headers;
}

export async function postWebhook(body: string, headers: Record<string, string>): Promise<Response> {
  return exports.default.fetch(
    new Request(`${BASE_URL}/webhooks/telnyx`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body }),
  );
}

export async function deliver(body: string): Promise<Response> {
  return postWebhook(body, await signedHeaders(body));
}

/** Carries one call's webhooks to the Worker in the order they came, until `done` says stop. */
export class CallPump {
  private after = 0;
  readonly delivered: ParsedDelivery[] = [];

  constructor(private readonly belongs: (d: ParsedDelivery) => boolean) {}

  static forCall(callId: string): CallPump {
    return new CallPump((d) => d.callId === callId);
  }

  /** Every call of one organisation: a campaign's dials are not known in advance. */
  static forOrganization(organizationId: string): CallPump {
    return new CallPump((d) => d.organizationId === organizationId);
  }

  /** Leaves what has already arrived undelivered: from now on only new webhooks are carried. */
  async skipArrived(): Promise<this> {
    const arrived = await mailboxDeliveries(this.after);
    if (arrived.length) this.after = arrived.at(-1)!.seq;
    return this;
  }

  /** Delivers what has arrived so far; returns how many. */
  async pumpOnce(): Promise<number> {
    const fresh = await mailboxDeliveries(this.after);
    if (fresh.length) this.after = fresh.at(-1)!.seq;
    const mine = fresh.filter(this.belongs);
    for (const delivery of mine) {
      const response = await deliver(delivery.body);
      if (response.status !== 200) throw new Error(`webhook ${delivery.eventType} answered ${response.status}: ${await response.text()}`);
      this.delivered.push(delivery);
    }
    return mine.length;
  }

  /** Pumps until `done()` is true; the simulator runs sped up, so this is bounded by `timeoutMs`. */
  async until(done: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      await this.pumpOnce();
      if (await done()) return;
      if (Date.now() > deadline) throw new Error(`timed out; delivered: ${this.delivered.map((d) => d.eventType).join(", ")}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}


export interface CarrierCommandLogEntry {
  seq: number;
  kind: string;
  callControlId: string | null;
  commandId: string | null;
  duplicate: boolean;
  outcome: "performed" | "duplicate" | "rejected" | "chaos_failure";
  status: number;
  chaos: "failure" | "timeout" | null;
}

export async function carrierCommandLog(): Promise<CarrierCommandLogEntry[]> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/commands`);
  return ((await response.json()) as { commands: CarrierCommandLogEntry[] }).commands;
}

export interface CarrierLeg {
  call_control_id: string;
  call_session_id: string;
  to: string;
  client_state: string | null;
  answering_machine_detection: string | null;
  bridged_with: string | null;
  state: string;
  started_at: string | null;
  answered_at: string | null;
  ended_at: string | null;
  /** The tracks being transcribed; null while transcription is off. */
  transcription_tracks: ("inbound" | "outbound")[] | null;
  /** The recordings started on the leg (`url` once saved). */
  recordings: { id: string; url: string | null; captured_dtmf: string }[];
  /** The events the carrier sent for this leg, with the carrier's own time. */
  events: { id: string; event_type: string; occurred_at: string }[];
}

/** The simulator's legs that belong to one of our calls (by the client_state we gave it). */
export async function carrierLegsOf(callId: string): Promise<CarrierLeg[]> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/calls`);
  const { calls } = (await response.json()) as { calls: { legs: CarrierLeg[] }[] };
  return calls.flatMap((session) => session.legs).filter((leg) => decodeClientState(leg.client_state)?.callId === callId);
}

/** Every leg the simulator ever rang at this number: what the callee's phone would show. */
export async function carrierLegsTo(phone: string): Promise<CarrierLeg[]> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/calls`);
  const { calls } = (await response.json()) as { calls: { legs: CarrierLeg[] }[] };
  return calls.flatMap((session) => session.legs).filter((leg) => leg.to === phone);
}

/** Starts a call into one of our numbers, as a customer would (`persona`: who calls); returns its carrier session id. */
export async function startInboundCall(from: string, to: string, persona?: string): Promise<string> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/inbound`, { method: "POST", body: JSON.stringify({ from, to, ...(persona ? { persona } : {}) }) });
  if (response.status !== 201) throw new Error(`inbound: ${response.status} ${await response.text()}`);
  const { call } = (await response.json()) as { call: { call_session_id: string } };
  return call.call_session_id;
}

export async function setCarrierChaos(chaos: Partial<Record<"duplicateRate" | "reorderRate" | "lateRate" | "lateMs" | "commandFailureRate" | "commandTimeoutRate" | "commandTimeoutMs", number>>): Promise<void> {
  const current = (await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/chaos`)).json()) as { chaos: Record<string, number> };
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/chaos`, { method: "PUT", body: JSON.stringify({ ...current.chaos, ...chaos }) });
  if (!response.ok) throw new Error(`chaos: ${response.status} ${await response.text()}`);
}

export const calmCarrier = () =>
  setCarrierChaos({ duplicateRate: 0, reorderRate: 0, lateRate: 0, commandFailureRate: 0, commandTimeoutRate: 0 });

export async function setDatabaseAvailable(available: boolean): Promise<void> {
  await fetch(`${env.TEST_MAILBOX_URL}/database/${available ? "up" : "down"}`, { method: "POST" });
}

/**
 * For the calling test, the calls to these numbers (the callees' side: ringing, talking)
 * run 60 times faster than real time instead of 20: a one-minute conversation takes one
 * second. Only these numbers: files running alongside keep their pace. The usual speed
 * is back when the test ends. Not for a test that holds a callee while an actor's own
 * real-time window passes (the 2 s connect window), nor for one that counts
 * conversations (bridged calls): on a loaded machine a callee may hang up before the
 * agent is bridged, and the call counts as abandoned.
 */
export async function fastCalls(numbers: string[]): Promise<void> {
  await setNumbersSpeed(numbers, 60);
  onTestFinished(async () => {
    await setNumbersSpeed(numbers, null);
  });
}

/**
 * Calls to these numbers run on manual clocks of their own (one per number) while the rest of
 * the simulator keeps its real, sped-up pace: the callee answers, talks and hangs up only when
 * the test advances its number (`advanceNumberClock`), so a busy machine never lets the far
 * end act before the Worker has. A fresh number each time: the clock stays until a reset.
 */
export async function onManualClock(numbers: string[]): Promise<void> {
  const response = await postControl("/control/clock/manual", { numbers });
  if (!response.ok) throw new Error(`manual clock: ${response.status} ${await response.text()}`);
}

/** The person on a leg says `text` (the simulator's control API): the legs that hear it transcribe it as they would a voice. */
export async function sayOnCarrierLeg(callControlId: string, text: string): Promise<void> {
  const response = await postControl(`/control/calls/${encodeURIComponent(callControlId)}/say`, { text });
  if (!response.ok) throw new Error(`say on ${callControlId}: ${response.status} ${await response.text()}`);
}

/** Moves one number's manual clock by `ms` of simulator time (divided by the simulator's speed, as every call time is). */
export async function advanceNumberClock(number: string, ms: number): Promise<void> {
  const response = await postControl("/control/clock/advance", { ms, number });
  if (!response.ok) throw new Error(`advance ${number}: ${response.status} ${await response.text()}`);
}

/**
 * A control request, sent again once if workerd reused a connection the simulator had
 * already closed as idle ("Network connection lost" before any answer; seen when a test's
 * first carrier request follows seconds without one). Both requests here may repeat: holding
 * a clock again changes nothing, and the fixtures' advances leave room for a second.
 */
async function postControl(path: string, body: unknown): Promise<Response> {
  const send = () => fetch(`${env.TEST_CARRIER_ORIGIN}${path}`, { method: "POST", body: JSON.stringify(body) });
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("Network connection lost")) throw error;
    return send();
  }
}

async function setNumbersSpeed(numbers: string[], factor: number | null): Promise<void> {
  const response = await fetch(`${env.TEST_CARRIER_ORIGIN}/control/speed`, { method: "PUT", body: JSON.stringify({ factor, numbers }) });
  if (!response.ok) throw new Error(`speed: ${response.status} ${await response.text()}`);
}

/**
 * A live person (live-human-en: answers 4 s in, greets, talks a minute, hangs up) at a fresh
 * number on a manual clock of its own, for a direct call that must be transcribed. Sped up,
 * they could say every line before the call, on a busy machine, had asked the carrier to
 * transcribe them; held, they wait for it.
 */
export class HeldLiveHuman {
  private constructor(readonly number: string) {}

  static async create(): Promise<HeldLiveHuman> {
    const person = new HeldLiveHuman(freshNumberIn("+1555010"));
    await onManualClock([person.number]);
    return person;
  }

  /**
   * They answer at 4 s on their clock (transcribed from then on: the call's dial asked the
   * carrier to), and say nothing more until the engine has acted on the answer: its
   * recording runs on their leg (every call these tests place records).
   */
  async answer(pump: CallPump, callId: string): Promise<void> {
    const leg = async () => (await carrierLegsOf(callId)).find((l) => l.to === this.number);
    await pump.until(async () => (await leg()) !== undefined);
    await advanceNumberClock(this.number, callSecondsOnClock(4));
    await pump.until(async () => ((await leg())?.recordings.length ?? 0) > 0);
  }

  /** They answer (at 4 s) and say "Hello?" 0.6 s later, with nothing delivered meanwhile: before the engine can have heard of the answer. */
  async answerAndGreet(pump: CallPump, callId: string): Promise<void> {
    await pump.until(async () => (await carrierLegsOf(callId)).some((l) => l.to === this.number));
    await advanceNumberClock(this.number, callSecondsOnClock(5));
  }

  /** They talk their minute and hang up. */
  async talkAndHangUp(): Promise<void> {
    await advanceNumberClock(this.number, callSecondsOnClock(60));
  }
}

/** A manual clock moves in simulator time: call-world seconds divided by the simulator's speed. */
const callSecondsOnClock = (seconds: number) => (seconds * 1000) / TEST_SIMULATOR_SPEED;
