// One simulated carrier per test on the manual clock, the real `telnyx` SDK pointed at
// it, and a local webhook receiver that verifies every delivery with the SDK's
// webhooks.unwrap and checks its envelope against Telnyx's shape before keeping it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Telnyx, { type ClientOptions } from "telnyx";
import { z } from "zod";
import { startCarrierSimulator, type CarrierSimulator, type CarrierSimulatorOptions } from "../../../sim/carrier/server";

const envelopeSchema = z.object({
  data: z.object({
    record_type: z.literal("event"),
    event_type: z.string().startsWith("call."),
    id: z.uuid(),
    occurred_at: z.string().regex(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    payload: z.looseObject({
      call_control_id: z.string().startsWith("v3:"),
      call_leg_id: z.uuid(),
      call_session_id: z.uuid(),
      connection_id: z.string().min(1),
      client_state: z.string().nullable(),
      from: z.string(),
      to: z.string(),
      direction: z.enum(["outgoing", "incoming"]),
      state: z.enum(["bridging", "parked", "answered", "hangup"]),
      start_time: z.string(),
    }),
  }),
  meta: z.object({ attempt: z.number().int().min(1), delivered_to: z.url() }),
});
export type Envelope = z.infer<typeof envelopeSchema>;
export type Payload = Envelope["data"]["payload"];

export interface Received {
  envelope: Envelope;
  raw: string;
  headers: Record<string, string>;
}

/** What the receiver answers: a status, or "hang" (never answers; the simulator times out). */
export type Respond = (delivery: { envelope: Envelope; nth: number }) => number | "hang";

export interface Harness {
  sim: CarrierSimulator;
  client: Telnyx;
  received: Received[];
  /** Every received event (duplicates included), optionally for one call. */
  events(callControlId?: string): Envelope["data"][];
  /** Event types in arrival order, optionally for one call. */
  types(callControlId?: string): string[];
  last(callControlId: string, type: string): Payload;
  dial(to: string, extra?: Partial<Telnyx.CallDialParams>): Promise<string>;
  /** Advance the manual clock by seconds (0 just lets deliveries land). */
  advance(seconds?: number): Promise<void>;
  control<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }>;
  respond: Respond;
  close(): Promise<void>;
}

export const FROM = "+15550001000";
export const CONNECTION = "sim-connection";
export const encodeState = (value: string) => Buffer.from(value).toString("base64");

export async function startHarness(options: Partial<CarrierSimulatorOptions> & { clientOptions?: Partial<ClientOptions> } = {}): Promise<Harness> {
  const received: Received[] = [];
  let client: Telnyx | undefined;
  let nth = 0;
  // The receiver asks the finished harness, so a test can swap `respond` at any time.
  let harness: Harness | undefined;

  const receiver = http.createServer((request, response) => {
    void (async () => {
      let raw = "";
      for await (const chunk of request) raw += chunk;
      const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
      // Throws (and fails the test through the missing event) if the signature is wrong.
      const unwrapped = await client!.webhooks.unwrap(raw, { headers });
      const envelope = envelopeSchema.parse(unwrapped);
      const answer = harness ? harness.respond({ envelope, nth: nth++ }) : 200;
      if (answer === "hang") return;
      if (answer >= 200 && answer < 300) received.push({ envelope, raw, headers });
      response.writeHead(answer).end();
    })().catch((error: unknown) => {
      console.error("webhook receiver:", error);
      response.writeHead(400).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
  const webhookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/webhooks/telnyx`;

  const { clientOptions, ...simOptions } = options;
  const sim = await startCarrierSimulator({ port: 0, clock: "manual", seed: 7, webhookUrl, ...simOptions });
  client = new Telnyx({ apiKey: "sim-key", baseURL: sim.baseUrl, publicKey: sim.publicKeyBase64, ...clientOptions });

  const events = (id?: string) => received.map((r) => r.envelope.data).filter((d) => id === undefined || d.payload.call_control_id === id);
  harness = {
    respond: () => 200,
    sim,
    client,
    received,
    events,
    types: (id?: string) => events(id).map((d) => d.event_type),
    last: (id: string, type: string) => {
      const found = events(id).filter((d) => d.event_type === type).at(-1);
      if (!found) throw new Error(`No ${type} for ${id}; got ${events(id).map((d) => d.event_type).join(", ")}`);
      return found.payload;
    },
    dial: async (to: string, extra: Partial<Telnyx.CallDialParams> = {}) => {
      const response = await client!.calls.dial({ connection_id: CONNECTION, from: FROM, to, ...extra });
      await (options.clock === "real" ? sim.idle() : sim.advance(0));
      return response.data!.call_control_id;
    },
    advance: (seconds = 0) => sim.advance(seconds * 1000),
    control: async <T>(method: string, path: string, body?: unknown) => {
      const response = await fetch(`${sim.origin}${path}`, {
        method,
        headers: body === undefined ? {} : { "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    close: async () => {
      await sim.close();
      receiver.closeAllConnections();
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
  return harness;
}

const recordingUrlsSchema = z.object({ wav: z.url(), mp3: z.null() });
/** call.recording.saved's WAV URL (both URL sets are checked). */
export function wavUrlOf(payload: Payload): string {
  const urls = recordingUrlsSchema.parse(payload.recording_urls);
  expectSame(recordingUrlsSchema.parse(payload.public_recording_urls).wav, urls.wav);
  return urls.wav;
}

const transcriptionSchema = z.object({
  transcript: z.string(),
  confidence: z.number(),
  is_final: z.boolean(),
  transcription_track: z.enum(["inbound", "outbound"]),
});
export type Transcription = z.infer<typeof transcriptionSchema>;
export const transcriptionOf = (payload: Payload): Transcription => transcriptionSchema.parse(payload.transcription_data);

function expectSame(a: string, b: string): void {
  if (a !== b) throw new Error(`expected ${a} to equal ${b}`);
}

/** Seconds between two events' occurred_at. */
export function secondsBetween(from: { occurred_at: string }, to: { occurred_at: string }): number {
  return (Date.parse(to.occurred_at) - Date.parse(from.occurred_at)) / 1000;
}
