// Live intelligence end to end: the simulator's personas speak, their transcription
// webhooks reach the CallActor, and what a user would notice follows: each segment stored
// with its language, the customer's language and sentiment on the call, a "stop calling"
// raising one supervisor alert (call_alerts, the audit log, the timeline), and a Spanish
// caller's account switching to Spanish.
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { CallPump } from "./support/carrier";
import { placeCall, readCall, TERMINAL } from "./support/calls";
import { call } from "./support/client";
import { withDatabase } from "./support/database";
import { inviteAndJoin, signUp, type Member } from "./support/orgs";

/** The simulator's number plan (sim/README.md): the angry and the Spanish-speaking personas. */
const ANGRY = "+15550120001";
const SPANISH = "+15550110001";

let owner: Member & { organizationId: string };
let agent: Member;
beforeAll(async () => {
  owner = await signUp("Intelligence");
  agent = await inviteAndJoin(owner, "agent");
});

async function createAccount(name: string, phone: string): Promise<string> {
  const created = await call(owner, "POST", "/api/accounts", { name, phones: [phone], balanceDueCents: 84_216, preferredLanguage: "en" });
  if (created.status !== 201) throw new Error(`account: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.account.id;
}

const rows = <Row>(query: ReturnType<typeof sql>) => withDatabase(async (db) => (await db.execute(query)).rows as Row[]);

describe("live intelligence on a call", () => {
  it("the angry persona's 'stop calling' raises one supervisor alert, recorded and audited once, and its mood is negative", async () => {
    const accountId = await createAccount("Angry Person", ANGRY);
    const id = await placeCall(agent, { to: ANGRY, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const alerts = () => rows<{ rule: string; key: string; message: string }>(sql`select rule, key, message from call_alerts where call_id = ${id}`);
    await pump.until(async () => (await alerts()).some((a) => a.key === "cease_contact"));
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status), 30_000);
    const raised = await alerts();
    expect(raised.filter((a) => a.key === "cease_contact")).toEqual([{ rule: "cease_contact", key: "cease_contact", message: expect.stringContaining("Stop calling me!") }]);
    const audited = await rows<{ after: { key: string } }>(sql`select after from audit_log where organization_id = ${owner.organizationId} and action = 'call.alert_raised' and resource_id = ${id}`);
    expect(audited.map((a) => a.after.key).sort()).toEqual(raised.map((a) => a.key).sort());

    const detail = await readCall(agent, id);
    expect(detail.timeline.map((t: { text: string }) => t.text)).toContain("Supervisor alert: The customer asked us to stop calling: “You people called me three times this week. Stop calling me!”");
    const stopLine = detail.transcript.find((line: { speaker: string; text: string }) => line.speaker === "customer" && line.text.includes("Stop calling me"));
    expect(stopLine.language).toBe("en");

    // The actor's view (what the agent's card shows): sentiment below zero, the objection chips, no translation without a model.
    const view = (await call(agent, "POST", `/api/calls/${id}/hangup`)).body.call;
    expect(view.intelligence.sentiment.score).toBeLessThan(0);
    expect(view.intelligence.objections.map((o: { kind: string }) => o.kind)).toContain("stop_calling");
    expect(view.intelligence.translation).toEqual({ available: false, message: expect.stringContaining("needs a model") });
  });

  it("the Spanish persona is stored segment by segment in Spanish, and its account's preferred language becomes es", async () => {
    const accountId = await createAccount("Cliente Español", SPANISH);
    const id = await placeCall(agent, { to: SPANISH, kind: "bridge", accountId });
    const pump = CallPump.forCall(id);
    const preferred = async () => (await call(owner, "GET", `/api/accounts/${accountId}`)).body.account.preferredLanguage as string;
    await pump.until(async () => (await preferred()) === "es");
    const segments = await rows<{ track: string; text: string; language: string | null }>(
      sql`select track, text, language from transcript_segments where call_id = ${id} order by occurred_at, id`,
    );
    const customer = segments.filter((s) => s.track === "inbound" && s.text.length > 12);
    expect(customer.length).toBeGreaterThanOrEqual(2);
    for (const segment of customer) expect(segment.language, segment.text).toBe("es");
    const audited = await rows<{ before: unknown; after: { preferredLanguage: string; callId: string } }>(
      sql`select before, after from audit_log where organization_id = ${owner.organizationId} and action = 'account.language_detected' and resource_id = ${accountId}`,
    );
    expect(audited).toEqual([{ before: { preferredLanguage: "en" }, after: { preferredLanguage: "es", callId: id } }]);
    expect((await readCall(agent, id)).timeline.map((t: { text: string }) => t.text)).toContain("Customer's language: es");

    await call(agent, "POST", `/api/calls/${id}/hangup`);
    await pump.until(async () => TERMINAL.has((await readCall(agent, id)).status));
  });
});
