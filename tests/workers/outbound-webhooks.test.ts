// Outbound webhooks end to end in workerd: endpoints created through the API, events
// queued by the changes that report them, delivered by the organisation's dispatcher to
// a real local receiver (the mailbox's /receiver/<name>), and verified there with the
// Standard Webhooks library. Retries run on the dispatcher's alarm, driven directly
// (the due time is moved back in Postgres, as if the wait had passed); nothing sleeps.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { webhookDispatcherStub } from "../../objects/webhook-dispatcher/WebhookDispatcher";
import { sweepWebhookDispatchers } from "../../worker/outbound-webhooks/sweep";
import { WEBHOOK_SWEEP_CRON } from "../../worker/cron-schedules";
import { call, type Caller } from "./support/client";
import { withDatabase } from "./support/database";
import { signUp, unique } from "./support/orgs";
import { CallPump } from "./support/carrier";
import { PERSONA_NUMBERS, placeCall } from "./support/calls";

interface Received {
  headers: Record<string, string>;
  body: string;
  answeredStatus: number;
}

/** A receiver of its own on the mailbox, answering as scripted (then 200). */
async function receiver(answers: { status: number; retryAfter?: string }[] = []) {
  const name = `r-${unique()}`;
  const url = `${env.TEST_MAILBOX_URL}/receiver/${name}`;
  await fetch(`${url}/script`, { method: "POST", body: JSON.stringify({ answers }) });
  return {
    url,
    received: async (): Promise<Received[]> => ((await (await fetch(`${url}/received`)).json()) as { received: Received[] }).received,
  };
}

async function subscribe(owner: Caller, url: string, events: string[]) {
  const created = await call(owner, "POST", "/api/webhook-endpoints", { url, events });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { id: created.body.endpoint.id as string, secret: created.body.secret as string };
}

async function createAccount(owner: Caller, name = `Webhook ${unique()}`): Promise<string> {
  const created = await call(owner, "POST", "/api/accounts", { name, phones: ["+15555550199"], consent: true });
  expect(created.status).toBe(201);
  return created.body.account.id;
}

/** A pass of the organisation's dispatcher that starts after everything asked before it (the API's own wake-up included). */
const dispatch = (organizationId: string) => webhookDispatcherStub(env, organizationId).kick(organizationId);

async function deliveries(owner: Caller, endpointId: string) {
  const listed = await call(owner, "GET", `/api/webhook-endpoints/${endpointId}/deliveries`);
  expect(listed.status).toBe(200);
  return listed.body.deliveries as {
    id: string;
    messageId: string;
    eventType: string;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    log: { attempt: number; responseStatus: number | null; durationMs: number; error: string | null }[];
  }[];
}

/** As if the retry's wait had passed: the delivery is due now (its alarm is still set for later). */
async function makeDueNow(deliveryId: string): Promise<void> {
  await withDatabase((db) => db.execute(sql`update webhook_deliveries set next_attempt_at = now() where id = ${deliveryId}`));
}

describe("outbound webhooks", () => {
  it("delivers an account change signed as Standard Webhooks says, verified with the spec's library", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["account.*"]);
    expect(endpoint.secret).toMatch(/^whsec_/);
    const accountId = await createAccount(owner, "Ada Signed");
    await dispatch(owner.organizationId);

    const [request] = await hook.received();
    const payload = new Webhook(endpoint.secret).verify(request!.body, request!.headers) as { type: string; data: { accountId: string; name: string } };
    expect(payload.type).toBe("account.created");
    expect(payload.data).toMatchObject({ accountId, name: "Ada Signed" });
    expect(request!.headers["webhook-id"]).toMatch(/^msg_/);
    // Another secret does not verify: the signature is really over this body with this secret.
    expect(() => new Webhook(`whsec_${btoa("another secret of 32 bytes!!!!!!")}`).verify(request!.body, request!.headers)).toThrow();

    const [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery).toMatchObject({ eventType: "account.created", status: "succeeded", attempts: 1, messageId: request!.headers["webhook-id"] });
    expect(delivery!.log).toEqual([expect.objectContaining({ attempt: 1, responseStatus: 200, error: null })]);
    expect(delivery!.log[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("retries a failing receiver on the alarm with backoff, honours Retry-After, and the recovered receiver has every event once by webhook-id", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver([{ status: 500 }, { status: 503, retryAfter: "7200" }]);
    const endpoint = await subscribe(owner, hook.url, ["account.created"]);
    await createAccount(owner);
    const firstAt = Date.now();
    await dispatch(owner.organizationId);

    let [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: "pending", attempts: 1 });
    // 30 s ± 20 % jitter after the first failure, and the dispatcher's alarm is set for it.
    const retryAt = Date.parse(delivery!.nextAttemptAt!);
    expect(retryAt - firstAt).toBeGreaterThanOrEqual(24_000);
    expect(retryAt - firstAt).toBeLessThan(37_000 + (Date.now() - firstAt));
    const stub = webhookDispatcherStub(env, owner.organizationId);
    const alarm = await runInDurableObject(stub, (_, state) => state.storage.getAlarm());
    expect(alarm).toBe(retryAt);

    await makeDueNow(delivery!.id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    [delivery] = await deliveries(owner, endpoint.id);
    // The receiver asked for two hours: the next try waits that long, not the schedule's 2 minutes.
    expect(delivery).toMatchObject({ status: "pending", attempts: 2 });
    expect(Date.parse(delivery!.nextAttemptAt!) - Date.now()).toBeGreaterThan(7_100_000);

    await makeDueNow(delivery!.id);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    [delivery] = await deliveries(owner, endpoint.id);
    expect(delivery).toMatchObject({ status: "succeeded", attempts: 3 });
    expect(delivery!.log.map((a) => a.responseStatus)).toEqual([500, 503, 200]);

    const received = await hook.received();
    expect(received.map((r) => r.answeredStatus)).toEqual([500, 503, 200]);
    for (const request of received) new Webhook(endpoint.secret).verify(request.body, request.headers);
    expect(new Set(received.map((r) => r.headers["webhook-id"])).size).toBe(1);
    expect(await runInDurableObject(stub, (_, state) => state.storage.getAlarm())).toBeNull();
  });

  it("disables an endpoint whose receiver answers 410 Gone, audits it, and queues nothing more for it", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver([{ status: 410 }]);
    const endpoint = await subscribe(owner, hook.url, ["account.created"]);
    await createAccount(owner);
    await dispatch(owner.organizationId);

    const listed = await call(owner, "GET", "/api/webhook-endpoints");
    expect(listed.body.endpoints[0]).toMatchObject({ id: endpoint.id, enabled: false, disabledReason: "gone" });
    const audit = await call(owner, "GET", "/api/audit?limit=10");
    expect(audit.body.entries.some((e: { action: string; resourceId: string }) => e.action === "webhook_endpoint.disabled" && e.resourceId === endpoint.id)).toBe(true);

    await createAccount(owner);
    await dispatch(owner.organizationId);
    expect(await deliveries(owner, endpoint.id)).toHaveLength(1);
    expect(await hook.received()).toHaveLength(1);
  });

  it("disables an endpoint that has failed for three days, and says so in the audit log", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver([{ status: 500 }, { status: 500 }]);
    const endpoint = await subscribe(owner, hook.url, ["account.created"]);
    await createAccount(owner);
    await dispatch(owner.organizationId);
    const [delivery] = await deliveries(owner, endpoint.id);
    let [listed] = (await call(owner, "GET", "/api/webhook-endpoints")).body.endpoints;
    expect(listed).toMatchObject({ enabled: true });
    expect(listed.failingSince).not.toBeNull();

    // Three days of failures later (the failure began then), the next failure disables it.
    await withDatabase((db) => db.execute(sql`update webhook_endpoints set failing_since = now() - interval '3 days 1 minute' where id = ${endpoint.id}`));
    await makeDueNow(delivery!.id);
    expect(await runDurableObjectAlarm(webhookDispatcherStub(env, owner.organizationId))).toBe(true);
    [listed] = (await call(owner, "GET", "/api/webhook-endpoints")).body.endpoints;
    expect(listed).toMatchObject({ enabled: false, disabledReason: "failing" });
    const audit = await call(owner, "GET", "/api/audit?limit=10");
    const entry = audit.body.entries.find((e: { action: string }) => e.action === "webhook_endpoint.disabled");
    expect(entry).toMatchObject({ resourceId: endpoint.id });

    // Re-enabled by an admin: the waiting delivery goes out.
    expect((await call(owner, "PATCH", `/api/webhook-endpoints/${endpoint.id}`, { enabled: true })).status).toBe(200);
    await dispatch(owner.organizationId);
    expect((await deliveries(owner, endpoint.id))[0]).toMatchObject({ status: "succeeded" });
  });

  it("replays one delivery and a time range with the same webhook-ids, so a deduplicating receiver keeps each event once", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["account.created"]);
    const since = new Date(Date.now() - 1000).toISOString();
    await createAccount(owner);
    await createAccount(owner);
    await dispatch(owner.organizationId);
    const [newest] = await deliveries(owner, endpoint.id);

    const one = await call(owner, "POST", `/api/webhook-deliveries/${newest!.id}/replay`);
    expect(one.status).toBe(202);
    expect(one.body.delivery).toMatchObject({ id: newest!.id, messageId: newest!.messageId });
    await dispatch(owner.organizationId);
    const range = await call(owner, "POST", `/api/webhook-endpoints/${endpoint.id}/replay`, { since, until: new Date(Date.now() + 1000).toISOString() });
    expect(range.body).toEqual({ replayed: 2 });
    await dispatch(owner.organizationId);

    const received = await hook.received();
    expect(received).toHaveLength(5);
    for (const request of received) new Webhook(endpoint.secret).verify(request.body, request.headers);
    const byId = new Map(received.map((r) => [r.headers["webhook-id"], r.body]));
    expect(byId.size).toBe(2);
    expect([...byId.values()].map((body) => JSON.parse(body).type)).toEqual(["account.created", "account.created"]);
  });

  it("signs with the old and the new secret while a rotation rolls", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["account.*"]);
    const rotated = await call(owner, "POST", `/api/webhook-endpoints/${endpoint.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(endpoint.secret);
    expect(Date.parse(rotated.body.endpoint.previousSecretExpiresAt) - Date.now()).toBeGreaterThan(23 * 3600_000);
    await createAccount(owner);
    await dispatch(owner.organizationId);

    const [request] = await hook.received();
    expect(request!.headers["webhook-signature"]!.split(" ")).toHaveLength(2);
    expect(new Webhook(endpoint.secret).verify(request!.body, request!.headers)).toMatchObject({ type: "account.created" });
    expect(new Webhook(rotated.body.secret).verify(request!.body, request!.headers)).toMatchObject({ type: "account.created" });
  });

  it("the minute sweep wakes a dispatcher that never heard of a due delivery", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["account.created"]);
    await createAccount(owner);
    await dispatch(owner.organizationId);
    const [delivery] = await deliveries(owner, endpoint.id);
    // As if a delivery had been queued two minutes ago and its wake-up lost (the Worker stopped after the commit).
    await withDatabase((db) =>
      db.execute(sql`update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = now() - interval '2 minutes' where id = ${delivery!.id}`),
    );
    const waits: Promise<unknown>[] = [];
    const woken = await sweepWebhookDispatchers(env, { waitUntil: (promise) => void waits.push(promise) });
    await Promise.all(waits);
    expect(woken).toContain(owner.organizationId);
    expect(await hook.received()).toHaveLength(2);
    expect((await deliveries(owner, endpoint.id))[0]).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("runs the sweep when npm start's cron ticker asks with its run's token, and refuses anyone else", async () => {
    // Miniflare's own trigger never reaches a Worker that serves assets; this path is how the
    // sweep and the retention job run locally at all (production's Cron Triggers call scheduled).
    const trigger = (cron: string, token: string) =>
      call(null, "POST", `/api/local/scheduled?cron=${encodeURIComponent(cron)}`, undefined, { headers: { authorization: `Bearer ${token}` } });
    const ran = await trigger(WEBHOOK_SWEEP_CRON, env.LOCAL_SCHEDULED_TOKEN!);
    expect(ran.status, JSON.stringify(ran.body)).toBe(200);
    expect(ran.body).toEqual({ ran: WEBHOOK_SWEEP_CRON });
    expect((await trigger(WEBHOOK_SWEEP_CRON, "guessed")).status).toBe(401);
    const unknown = await trigger("0 3 * * 1", env.LOCAL_SCHEDULED_TOKEN!);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.fields[0].path).toBe("cron");
  });

  it("refuses private, link-local and metadata targets with a 400 naming the url", async () => {
    const owner = await signUp("Webhooks");
    const targets = [
      "http://10.0.0.7/hook",
      "http://192.168.1.1/hook",
      "http://169.254.169.254/latest/meta-data",
      "http://[fd00:ec2::254]/",
      "http://[::ffff:10.0.0.1]/",
      "http://metadata.google.internal/computeMetadata/v1/",
      "http://printer.local/",
      "ftp://example.com/hook",
    ];
    for (const url of targets) {
      const refused = await call(owner, "POST", "/api/webhook-endpoints", { url, events: ["*"] });
      expect(refused.status, url).toBe(400);
      expect(refused.body.error.fields[0].path, url).toBe("url");
    }
    expect((await call(owner, "GET", "/api/webhook-endpoints")).body.endpoints).toEqual([]);
  });

  it("reports a campaign's start, pause and stop (campaign.completed) from the status change's transaction", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["campaign.*"]);
    const created = await call(owner, "POST", "/api/campaigns", {
      name: `Webhook campaign ${unique()}`,
      pacingMode: "preview",
      agentUserIds: [owner.userId],
      accountSelection: { languages: ["zz"] },
    });
    const campaignId = created.body.campaign.id as string;
    for (const action of ["start", "pause", "stop"]) expect((await call(owner, "POST", `/api/campaigns/${campaignId}/${action}`)).status).toBe(200);
    await dispatch(owner.organizationId);
    const payloads = (await hook.received()).map((r) => new Webhook(endpoint.secret).verify(r.body, r.headers) as { type: string; data: { campaignId: string; status: string } });
    expect(payloads.map((p) => [p.type, p.data.status]).sort()).toEqual([
      ["campaign.completed", "stopped"],
      ["campaign.paused", "paused"],
      ["campaign.started", "running"],
    ]);
    expect(payloads.every((p) => p.data.campaignId === campaignId)).toBe(true);
  });

  it("reports a call's end once (call.completed from the call row writer) and its disposition", async () => {
    const owner = await signUp("Webhooks");
    const hook = await receiver();
    const endpoint = await subscribe(owner, hook.url, ["call.*", "campaign.*"]);
    const callId = await placeCall(owner, { to: PERSONA_NUMBERS.busy, kind: "direct" });
    const completed = async () => (await hook.received()).filter((r) => JSON.parse(r.body).type === "call.completed");
    await CallPump.forCall(callId).until(async () => {
      await dispatch(owner.organizationId);
      return (await completed()).length > 0;
    });
    const [request] = await completed();
    const payload = new Webhook(endpoint.secret).verify(request!.body, request!.headers) as { data: Record<string, unknown> };
    expect(payload.data).toMatchObject({ callId, status: "busy", outcome: "busy", to: PERSONA_NUMBERS.busy });

    const saved = await call(owner, "PATCH", `/api/calls/${callId}`, { disposition: "no_contact" });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    await dispatch(owner.organizationId);
    const types = (await hook.received()).map((r) => JSON.parse(r.body).type);
    expect(types.filter((t) => t === "call.completed")).toHaveLength(1);
    expect(types).toContain("call.disposition");
  });
});
