// Webhook delivery: retries on failure or silence, the chaos knobs (duplicate, reorder,
// late), and a seeded chaotic run repeating exactly.
import { afterEach, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./harness";

let h: Harness;
afterEach(() => h.close());

interface Delivery {
  seq: number;
  atMs: number;
  eventId: string;
  eventType: string;
  callControlId: string;
  url: string | null;
  attempt: number;
  copy: string;
  chaos: string[];
  outcome: string;
  status: number | null;
}
const deliveries = async () => (await h.control<{ deliveries: Delivery[] }>("GET", "/control/webhooks")).body.deliveries;

describe("delivery and retries", () => {
  it("a non-2xx answer is retried 1 s later with meta.attempt 2", async () => {
    h = await startHarness();
    h.respond = ({ envelope }) => (envelope.meta.attempt === 1 ? 503 : 200);
    const id = await h.dial("+15550400001");
    expect(h.received).toHaveLength(0);
    await h.advance(1);
    expect(h.received.map((r) => [r.envelope.data.event_type, r.envelope.meta.attempt])).toEqual([["call.initiated", 2]]);
    const log = (await deliveries()).filter((d) => d.eventType === "call.initiated");
    expect(log.map((d) => [d.attempt, d.outcome, d.status, d.atMs])).toEqual([
      [1, "rejected", 503, 0],
      [2, "delivered", 200, 1000],
    ]);
    expect(log[0]!.callControlId).toBe(id);
  });

  it("gives up after 3 attempts (1 s, then 4 s apart)", async () => {
    h = await startHarness();
    h.respond = () => 500;
    await h.dial("+15550300001");
    await h.advance(10);
    const log = (await deliveries()).filter((d) => d.eventType === "call.initiated");
    expect(log.map((d) => [d.attempt, d.outcome, d.atMs])).toEqual([
      [1, "rejected", 0],
      [2, "rejected", 1000],
      [3, "rejected", 5000],
    ]);
  });

  it("no answer within the delivery timeout counts as a failed attempt and is retried", async () => {
    h = await startHarness({ webhookTimeoutMs: 100 });
    h.respond = ({ envelope }) => (envelope.meta.attempt === 1 ? "hang" : 200);
    await h.dial("+15550300001");
    await h.advance(1);
    const log = (await deliveries()).filter((d) => d.eventType === "call.initiated");
    expect(log.map((d) => [d.attempt, d.outcome])).toEqual([
      [1, "timeout"],
      [2, "delivered"],
    ]);
    expect(h.received[0]!.envelope.meta).toMatchObject({ attempt: 2, delivered_to: expect.stringMatching(/\/webhooks\/telnyx$/) });
  });

  it("a dial's own webhook_url wins over the simulator's default", async () => {
    h = await startHarness();
    const elsewhere = `${h.sim.origin}/not-a-receiver`;
    await h.dial("+15550300001", { webhook_url: elsewhere });
    expect(h.received).toEqual([]);
    expect((await deliveries()).map((d) => [d.url, d.outcome, d.status])).toEqual([[elsewhere, "rejected", 404]]);
  });

  it("with no webhook URL at all, nothing is sent and the log says so", async () => {
    h = await startHarness();
    h.sim.setWebhookUrl(null);
    await h.dial("+15550300001");
    await h.advance(5);
    expect((await deliveries()).map((d) => [d.attempt, d.outcome])).toEqual([[1, "no_url"]]);
  });
});

describe("chaos", () => {
  it("duplicate delivers the same event (same data.id) twice", async () => {
    h = await startHarness();
    await h.control("PUT", "/control/chaos", { duplicateRate: 1 });
    await h.dial("+15550400001");
    await h.advance(2);
    const ids = h.received.map((r) => r.envelope.data.id);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).toBe(ids[3]);
    expect(h.received.map((r) => r.envelope.meta.attempt)).toEqual([1, 1, 1, 1]);
  });

  it("reorder holds an event until the call's next one has been delivered", async () => {
    h = await startHarness();
    await h.control("PUT", "/control/chaos", { reorderRate: 1 });
    const id = await h.dial("+15550500001"); // invalid: hangs up after 1 s, within the 2 s hold
    expect(h.types(id)).toEqual([]);
    await h.advance(1);
    expect(h.types(id)).toEqual(["call.hangup", "call.initiated"]);
    const [hangup, initiated] = h.events(id);
    expect(Date.parse(initiated!.occurred_at)).toBeLessThan(Date.parse(hangup!.occurred_at));
    expect((await deliveries()).find((d) => d.eventType === "call.initiated")!.chaos).toEqual(["reordered"]);
  });

  it("a held event with no next event still goes out, 2 s later", async () => {
    h = await startHarness();
    const id = await h.dial("+15550300001", { timeout_secs: 60 });
    await h.control("PUT", "/control/chaos", { reorderRate: 1 });
    await h.client.calls.actions.hangup(id, {});
    await h.advance(1.9);
    expect(h.types(id)).toEqual(["call.initiated"]);
    await h.advance(0.1);
    expect(h.types(id)).toEqual(["call.initiated", "call.hangup"]);
  });

  it("late delivers lateMs after the event, keeping its occurred_at", async () => {
    h = await startHarness();
    await h.control("PUT", "/control/chaos", { lateRate: 1, lateMs: 3000 });
    const id = await h.dial("+15550300001");
    await h.advance(2.9);
    expect(h.types(id)).toEqual([]);
    await h.advance(0.1);
    expect(h.types(id)).toEqual(["call.initiated"]);
    const { body } = await h.control<{ now: string }>("GET", "/control");
    expect((Date.parse(body.now) - Date.parse(h.events(id)[0]!.occurred_at)) / 1000).toBe(3);
  });

  async function chaoticRun(seed: number) {
    h = await startHarness({ seed });
    await h.control("PUT", "/control/chaos", { duplicateRate: 0.3, reorderRate: 0.3, lateRate: 0.3, lateMs: 1500 });
    const human = await h.dial("+15550100001", { answering_machine_detection: "detect" });
    const machine = await h.dial("+15550200001", { answering_machine_detection: "detect_beep" });
    await h.dial("+15550400001");
    await h.advance(5);
    await h.client.calls.actions.startTranscription(human, { transcription_tracks: "both" });
    await h.client.calls.actions.startRecording(machine, { channels: "single", format: "wav" });
    await h.advance(80);
    const log = (await deliveries()).map(({ url: _url, ...rest }) => rest);
    const arrivals = [human, machine].map((id) => h.events(id).map((e) => e.id));
    await h.close();
    return { log, arrivals };
  }

  it("the same seed gives the same delivery log and arrival order; another seed does not", async () => {
    const first = await chaoticRun(42);
    const second = await chaoticRun(42);
    h = await startHarness();
    expect(second).toEqual(first);
    const tags = new Set(first.log.flatMap((d) => d.chaos));
    expect(tags).toEqual(new Set(["duplicate", "reordered", "late"]));
    expect(first.log.filter((d) => d.copy === "duplicate").length).toBeGreaterThan(0);
    await h.close();
    const other = await chaoticRun(43);
    h = await startHarness();
    expect(other.log).not.toEqual(first.log);
  });
});
