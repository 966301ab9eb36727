// Campaigns over the API: settings and every bound the law or the product sets, the
// status machine and its refusals, the audit trail, and the compliance report computed
// from call and skip records. Tenant isolation, roles and malformed bodies of these
// routes are covered by the generated tests (tenant-isolation, role-matrix, bad-input).
//
// Started campaigns use preview pacing, where the actor never dials by itself: these
// tests need the actor to accept a command, not to dial.
import { env } from "cloudflare:test";
import { exports } from "cloudflare:workers";
import { and, count, eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accounts, calls, campaigns, complianceSkips, memberships, organizations } from "../../db/schema";
import { rehearsalLeadCount } from "../../domain/rehearsal";
import { campaignRoomName, type CampaignSnapshot } from "../../objects/campaign/protocol";
import { createSession } from "../../worker/auth/session";
import { AgentConsole } from "./support/agent-console";
import { stopCampaignsStarted, stopWhenFileEnds, tickUntil } from "./support/campaign-clock";
import { BASE_URL, call, type Caller } from "./support/client";
import { createOrgWithEveryRole, signUp, unique, type TestOrg } from "./support/orgs";
import { withDatabase } from "./support/database";

let org: TestOrg;
let other: TestOrg;
let supervisor: Caller;

afterAll(async () => {
  await stopCampaignsStarted();
});

beforeAll(async () => {
  org = await createOrgWithEveryRole("Campaigns");
  other = await createOrgWithEveryRole("Elsewhere");
  supervisor = org.members.supervisor;
});

const validCampaign = (overrides: Record<string, unknown> = {}) => ({
  name: `Campaign ${unique()}`,
  pacingMode: "predictive",
  agentUserIds: [org.members.agent.userId],
  ...overrides,
});

async function createCampaign(overrides: Record<string, unknown> = {}): Promise<any> {
  const created = await call(supervisor, "POST", "/api/campaigns", validCampaign(overrides));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body.campaign;
}

/** Puts a campaign's row in a status without its actor: for refusals, which never reach the actor. */
async function setStatus(id: string, status: "draft" | "running" | "paused" | "stopped"): Promise<void> {
  await withDatabase((db) => db.update(campaigns).set({ status }).where(eq(campaigns.id, id)));
}

async function latestAudit(): Promise<any> {
  const log = await call(org.owner, "GET", "/api/audit?limit=1");
  return log.body.entries[0];
}

describe("creating and reading campaigns", () => {
  it("creates a draft with the defaults and lists it", async () => {
    const created = await call(supervisor, "POST", "/api/campaigns", { name: "Spring collections" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.campaign).toMatchObject({
      name: "Spring collections",
      status: "draft",
      pacingMode: "progressive",
      maxLinesPerAgent: 1,
      abandonCapPercent: 3,
      ringTimeoutSeconds: 22,
      callingWindow: { from: "08:00", to: "21:00" },
      voicemailScript: "",
      retryMaxAttempts: 3,
      retrySpacingMinutes: 60,
      accountSelection: {},
      agentUserIds: [],
      startedAt: null,
      stoppedAt: null,
    });
    expect(created.body.campaign.safeHarborMessage).toContain("{callbackNumber}");

    const list = await call(org.members.viewer, "GET", "/api/campaigns");
    expect(list.status).toBe(200);
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).toContain(created.body.campaign.id);
    expect(list.body.total).toBeGreaterThanOrEqual(1);
  });

  it("gives a predictive campaign the pacer's ceiling (5 lines per agent) unless told otherwise, also when switched from progressive", async () => {
    expect((await createCampaign()).maxLinesPerAgent).toBe(5);
    expect((await createCampaign({ maxLinesPerAgent: 4 })).maxLinesPerAgent).toBe(4);
    const progressive = await createCampaign({ pacingMode: "progressive" });
    expect(progressive.maxLinesPerAgent).toBe(1);
    const switched = await call(supervisor, "PATCH", `/api/campaigns/${progressive.id}`, { pacingMode: "predictive" });
    expect(switched.status, JSON.stringify(switched.body)).toBe(200);
    expect(switched.body.campaign.maxLinesPerAgent).toBe(5);
  });

  it("shows the safe-harbor message as the callee would hear it: the organisation's name and its number", async () => {
    const campaign = await createCampaign();
    const before = await call(org.members.viewer, "GET", `/api/campaigns/${campaign.id}`);
    expect(before.status).toBe(200);
    // No number of its own yet: the platform's caller id.
    expect(before.body.preview.fromNumber).toBe(env.TELNYX_FROM_NUMBER);
    expect(before.body.preview.safeHarborMessage).toContain(env.TELNYX_FROM_NUMBER);
    expect(before.body.preview.safeHarborMessage).not.toContain("{");

    const owner = await signUp("Caller id");
    const number = `+1999${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`;
    expect((await call(owner, "POST", "/api/phone-numbers", { e164: number, label: "Main" })).status).toBe(201);
    const own = await call(owner, "POST", "/api/campaigns", { name: "Own line", safeHarborMessage: "This is {organization}, call {callbackNumber}." });
    const detail = await call(owner, "GET", `/api/campaigns/${own.body.campaign.id}`);
    expect(detail.body.preview.fromNumber).toBe(number);
    expect(detail.body.preview.safeHarborMessage).toMatch(new RegExp(`^This is Caller id .+, call \\${number}\\.$`));
  });

  it("filters the list by status", async () => {
    const stopped = await createCampaign();
    await setStatus(stopped.id, "stopped");
    const list = await call(supervisor, "GET", "/api/campaigns?status=stopped");
    expect(list.body.campaigns.every((c: { status: string }) => c.status === "stopped")).toBe(true);
    expect(list.body.campaigns.map((c: { id: string }) => c.id)).toContain(stopped.id);
  });

  it("edits settings, and leaving predictive pacing brings the lines back to one per agent", async () => {
    const campaign = await createCampaign({ maxLinesPerAgent: 3 });
    const edited = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, {
      name: "Renamed",
      pacingMode: "progressive",
      callingWindow: { from: "09:00", to: "17:30" },
    });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body.campaign).toMatchObject({ name: "Renamed", pacingMode: "progressive", maxLinesPerAgent: 1, callingWindow: { from: "09:00", to: "17:30" } });
    const read = await call(supervisor, "GET", `/api/campaigns/${campaign.id}`);
    expect(read.body.campaign).toMatchObject({ name: "Renamed", maxLinesPerAgent: 1 });
  });

  it("wraps up a new campaign's calls like its organisation, ended by a save, a disposition owed; each can be set", async () => {
    const campaign = await createCampaign();
    expect(campaign).toMatchObject({ wrapUpSeconds: null, endWrapUpOnSave: true, wrapUpExtensionSeconds: 0, dispositionRequired: true });
    const edited = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { wrapUpSeconds: 60, endWrapUpOnSave: false, wrapUpExtensionSeconds: 30, dispositionRequired: false });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    const read = await call(supervisor, "GET", `/api/campaigns/${campaign.id}`);
    expect(read.body.campaign).toMatchObject({ wrapUpSeconds: 60, endWrapUpOnSave: false, wrapUpExtensionSeconds: 30, dispositionRequired: false });
    // Back to the organisation's time, and the edges of the bounds.
    expect((await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { wrapUpSeconds: null })).body.campaign.wrapUpSeconds).toBeNull();
    expect((await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { wrapUpSeconds: 600, wrapUpExtensionSeconds: 600 })).status).toBe(200);
    expect((await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { wrapUpSeconds: 0 })).body.campaign.wrapUpSeconds).toBe(0);
  });

  it("deletes a draft or a stopped campaign, never one that may still dial", async () => {
    const draft = await createCampaign();
    expect((await call(org.members.admin, "DELETE", `/api/campaigns/${draft.id}`)).status).toBe(204);
    expect((await call(supervisor, "GET", `/api/campaigns/${draft.id}`)).status).toBe(404);

    for (const status of ["running", "paused"] as const) {
      const live = await createCampaign();
      await setStatus(live.id, status);
      const refused = await call(org.members.admin, "DELETE", `/api/campaigns/${live.id}`);
      expect(refused.status).toBe(409);
      expect(refused.body.error.message).toContain(`is ${status}`);
    }

    const stopped = await createCampaign();
    await setStatus(stopped.id, "stopped");
    expect((await call(org.members.admin, "DELETE", `/api/campaigns/${stopped.id}`)).status).toBe(204);
  });
});

describe("settings the API refuses, naming the field", () => {
  const refusals: [string, Record<string, unknown>, string, RegExp?][] = [
    ["an empty name", { name: "  " }, "name"],
    ["an unknown pacing mode", { pacingMode: "turbo" }, "pacingMode"],
    ["no lines", { maxLinesPerAgent: 0 }, "maxLinesPerAgent"],
    ["more than 5 lines per agent", { maxLinesPerAgent: 5.5 }, "maxLinesPerAgent"],
    ["more than 1 line with progressive pacing", { pacingMode: "progressive", maxLinesPerAgent: 2 }, "maxLinesPerAgent", /only predictive/],
    ["more than 1 line with preview pacing", { pacingMode: "preview", maxLinesPerAgent: 1.5 }, "maxLinesPerAgent", /only predictive/],
    ["an abandon cap above the law's 3 %", { abandonCapPercent: 3.01 }, "abandonCapPercent", /47 CFR 64\.1200\(a\)\(7\)/],
    ["an abandon cap of 0", { abandonCapPercent: 0 }, "abandonCapPercent"],
    ["a ring timeout under 15 s", { ringTimeoutSeconds: 14 }, "ringTimeoutSeconds", /at least 15 seconds.*64\.1200\(a\)\(6\)/],
    ["a ring timeout over 60 s", { ringTimeoutSeconds: 61 }, "ringTimeoutSeconds"],
    ["a ring timeout in fractions of a second", { ringTimeoutSeconds: 20.5 }, "ringTimeoutSeconds"],
    ["a calling window opening before 08:00", { callingWindow: { from: "07:59", to: "20:00" } }, "callingWindow", /from: inside 08:00–21:00/],
    ["a calling window closing after 21:00", { callingWindow: { from: "09:00", to: "21:01" } }, "callingWindow", /to: inside 08:00–21:00/],
    ["a calling window that ends before it starts", { callingWindow: { from: "12:00", to: "09:00" } }, "callingWindow", /to: must end after it starts/],
    ["a calling window of zero length", { callingWindow: { from: "12:00", to: "12:00" } }, "callingWindow"],
    ["a calling window time that is not HH:MM", { callingWindow: { from: "9:00", to: "17:00" } }, "callingWindow", /from: a time like/],
    ["an empty safe-harbor message", { safeHarborMessage: "   " }, "safeHarborMessage", /required/],
    ["a safe-harbor message with no callback number", { safeHarborMessage: "This is Acme." }, "safeHarborMessage", /callback number/],
    ["no attempts", { retryMaxAttempts: 0 }, "retryMaxAttempts"],
    ["more than 20 attempts", { retryMaxAttempts: 21 }, "retryMaxAttempts"],
    ["retries under 5 minutes apart", { retrySpacingMinutes: 4 }, "retrySpacingMinutes"],
    ["retries over a week apart", { retrySpacingMinutes: 10_081 }, "retrySpacingMinutes"],
    ["a language that is not a two-letter code", { accountSelection: { languages: ["english"] } }, "accountSelection", /languages\.0/],
    ["a negative minimum balance", { accountSelection: { minBalanceCents: -1 } }, "accountSelection", /minBalanceCents/],
    ["the same agent twice", { agentUserIds: ["00000000-0000-4000-8000-000000000001", "00000000-0000-4000-8000-000000000001"] }, "agentUserIds"],
    ["a negative wrap-up", { wrapUpSeconds: -1 }, "wrapUpSeconds", /at least 0 seconds/],
    ["a wrap-up over 10 minutes", { wrapUpSeconds: 601 }, "wrapUpSeconds", /at most 600 seconds/],
    ["a wrap-up in fractions of a second", { wrapUpSeconds: 30.5 }, "wrapUpSeconds", /whole seconds/],
    ["a wrap-up given as text", { wrapUpSeconds: "30" }, "wrapUpSeconds"],
    ["a negative wrap-up extension", { wrapUpExtensionSeconds: -5 }, "wrapUpExtensionSeconds", /at least 0/],
    ["a wrap-up extension over 10 minutes", { wrapUpExtensionSeconds: 601 }, "wrapUpExtensionSeconds", /at most 600 seconds/],
    ["ending wrap-up on save given as text", { endWrapUpOnSave: "yes" }, "endWrapUpOnSave"],
    ["no answer to whether a disposition is required", { dispositionRequired: null }, "dispositionRequired"],
  ];

  for (const [what, fields, path, message] of refusals) {
    it(`refuses ${what} (${path})`, async () => {
      const response = await call(supervisor, "POST", "/api/campaigns", validCampaign(fields));
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      const field = response.body.error.fields.find((f: { path: string }) => f.path === path);
      expect(field, JSON.stringify(response.body.error.fields)).toBeDefined();
      if (message) expect(field.message).toMatch(message);
    });
  }

  it("refuses an organisation wrap-up time out of bounds, naming the field, and keeps the one stored", async () => {
    for (const wrapUpSeconds of [-1, 601, 12.5]) {
      const response = await call(org.members.admin, "PATCH", "/api/organization", { wrapUpSeconds });
      expect(response.status, JSON.stringify(response.body)).toBe(400);
      expect(response.body.error.fields[0]).toMatchObject({ path: "wrapUpSeconds" });
    }
    expect((await call(org.members.admin, "GET", "/api/organization")).body.organization.wrapUpSeconds).toBe(30);
  });

  it("accepts every bound at its edge", async () => {
    const campaign = await createCampaign({
      maxLinesPerAgent: 5,
      abandonCapPercent: 3,
      ringTimeoutSeconds: 15,
      callingWindow: { from: "08:00", to: "21:00" },
      safeHarborMessage: "Acme calling; reach us on 555 010 0100.",
      retryMaxAttempts: 20,
      retrySpacingMinutes: 10_080,
    });
    expect(campaign).toMatchObject({ maxLinesPerAgent: 5, abandonCapPercent: 3, ringTimeoutSeconds: 15, retryMaxAttempts: 20, retrySpacingMinutes: 10_080 });
    const low = await createCampaign({ maxLinesPerAgent: 1, abandonCapPercent: 0.5, ringTimeoutSeconds: 60, retryMaxAttempts: 1, retrySpacingMinutes: 5 });
    expect(low).toMatchObject({ abandonCapPercent: 0.5, ringTimeoutSeconds: 60 });
  });

  it("applies the same rules to an edit, judged with the settings it keeps", async () => {
    const campaign = await createCampaign({ pacingMode: "progressive" });
    const tooManyLines = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { maxLinesPerAgent: 2 });
    expect(tooManyLines.status).toBe(400);
    expect(tooManyLines.body.error.fields[0].path).toBe("maxLinesPerAgent");
    const cap = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { abandonCapPercent: 4 });
    expect(cap.status).toBe(400);
    expect(cap.body.error.message).toMatch(/abandonCapPercent: at most 3 %/);
    const nothing = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, {});
    expect(nothing.status).toBe(400);
  });

  it("takes only agents of its own organisation who take calls", async () => {
    const foreignAgent = await call(supervisor, "POST", "/api/campaigns", validCampaign({ agentUserIds: [other.members.agent.userId] }));
    expect(foreignAgent.status).toBe(400);
    expect(foreignAgent.body.error.fields).toEqual([{ path: "agentUserIds", message: expect.stringContaining(other.members.agent.userId) }]);

    const viewer = await call(supervisor, "POST", "/api/campaigns", validCampaign({ agentUserIds: [org.members.viewer.userId] }));
    expect(viewer.status).toBe(400);
    expect(viewer.body.error.fields[0].path).toBe("agentUserIds");

    const team = [org.members.agent.userId, org.members.supervisor.userId, org.owner.userId];
    expect((await createCampaign({ agentUserIds: team })).agentUserIds).toEqual(team);

    const campaign = await createCampaign();
    const edit = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { agentUserIds: [other.members.supervisor.userId] });
    expect(edit.status).toBe(400);
  });

  it("takes only accounts of its own organisation", async () => {
    const ours = await call(supervisor, "POST", "/api/accounts", { name: "Ours", phones: ["+15555550123"] });
    const theirs = await call(other.members.supervisor, "POST", "/api/accounts", { name: "Theirs", phones: ["+15555550124"] });
    const refused = await call(supervisor, "POST", "/api/campaigns", validCampaign({ accountSelection: { accountIds: [ours.body.account.id, theirs.body.account.id] } }));
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([{ path: "accountSelection", message: expect.stringContaining(theirs.body.account.id) }]);
    expect(refused.body.error.fields[0].message).not.toContain(ours.body.account.id);

    const accepted = await createCampaign({ accountSelection: { accountIds: [ours.body.account.id], minBalanceCents: 100, languages: ["en", "es"] } });
    expect(accepted.accountSelection).toEqual({ accountIds: [ours.body.account.id], minBalanceCents: 100, languages: ["en", "es"] });
  });
});

describe("the status machine", () => {
  const actions = ["start", "pause", "resume", "stop"] as const;
  const refusedFrom: Record<string, readonly (typeof actions)[number][]> = {
    draft: ["pause", "resume", "stop"],
    running: ["start", "resume"],
    paused: ["start", "pause"],
    stopped: ["start", "pause", "resume", "stop"],
  };

  for (const [status, refused] of Object.entries(refusedFrom)) {
    it(`refuses ${refused.join(", ")} of a ${status} campaign with 409 naming its status, and changes nothing`, async () => {
      const campaign = await createCampaign();
      await setStatus(campaign.id, status as "draft");
      for (const action of refused) {
        const response = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/${action}`);
        expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(409);
        expect(response.body.error.code).toBe("conflict");
        expect(response.body.error.message).toContain(`The campaign is ${status}`);
      }
      expect((await call(supervisor, "GET", `/api/campaigns/${campaign.id}`)).body.campaign.status).toBe(status);
    });
  }

  it("keeps a stopped campaign's settings closed", async () => {
    const campaign = await createCampaign();
    await setStatus(campaign.id, "stopped");
    const edit = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { name: "Too late" });
    expect(edit.status).toBe(409);
    expect(edit.body.error.message).toContain("stopped");
  });

  it("locks the account selection once the campaign has started", async () => {
    const campaign = await createCampaign();
    await setStatus(campaign.id, "paused");
    // Paused campaigns' other settings go to the actor; this one is refused before that.
    const edit = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { accountSelection: { minBalanceCents: 5 } });
    expect(edit.status).toBe(400);
    expect(edit.body.error.fields[0]).toMatchObject({ path: "accountSelection", message: expect.stringMatching(/only while the campaign is a draft/) });
  });

  it("will not start a campaign with no agents", async () => {
    const campaign = await createCampaign({ agentUserIds: [] });
    const response = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/start`);
    expect(response.status).toBe(409);
    expect(response.body.error.message).toMatch(/no agents/);
  });

  it("has no live state for a draft", async () => {
    const campaign = await createCampaign();
    const live = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/live`);
    expect(live.status).toBe(200);
    expect(live.body).toEqual({ snapshot: null });
  });

  it("pauses a row marked running whose actor never started (nothing dials there), audited, and it resumes and stops from there", async () => {
    // A row marked running with no actor behind it (its storage lost, a row restored): a
    // pause must not fail (it was a 500, then a 503 that every retry repeated, leaving the
    // campaign stuck running): the row takes the status, and resume starts the actor.
    const campaign = await createCampaign({ pacingMode: "preview" });
    await setStatus(campaign.id, "running");
    const paused = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/pause`);
    expect(paused.status, JSON.stringify(paused.body)).toBe(200);
    expect(paused.body).toMatchObject({ campaign: { status: "paused" }, live: null });
    expect(await latestAudit()).toMatchObject({ action: "campaign.paused", resourceId: campaign.id, before: { status: "running" }, after: { status: "paused" } });
    const resumed = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/resume`);
    expect(resumed.status, JSON.stringify(resumed.body)).toBe(200);
    expect(resumed.body.live).toMatchObject({ campaign: { status: "running" } });
    stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(org.organizationId, campaign.id))));
    expect((await call(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`)).body).toMatchObject({ campaign: { status: "stopped" }, live: { campaign: { status: "stopped" } } });
  });

  it("stops a row marked running whose actor never started, with no live state", async () => {
    const campaign = await createCampaign();
    await setStatus(campaign.id, "running");
    const stopped = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`);
    expect(stopped.status, JSON.stringify(stopped.body)).toBe(200);
    expect(stopped.body).toMatchObject({ campaign: { status: "stopped" }, live: null });
  });
});

describe("commands the CampaignActor accepts", () => {
  it("starts, pauses, resumes and stops, writing each step and its audit entry", async () => {
    // Preview pacing: the actor never dials by itself, so nothing here rings.
    const campaign = await createCampaign({ pacingMode: "preview" });
    const steps = [
      ["start", "running", "campaign.started"],
      ["pause", "paused", "campaign.paused"],
      ["resume", "running", "campaign.resumed"],
      ["stop", "stopped", "campaign.stopped"],
    ] as const;
    let previous = "draft";
    for (const [action, status, audited] of steps) {
      const response = await call(supervisor, "POST", `/api/campaigns/${campaign.id}/${action}`);
      expect(response.status, `${action}: ${JSON.stringify(response.body)}`).toBe(200);
      expect(response.body.campaign.status).toBe(status);
      expect(await latestAudit()).toMatchObject({ action: audited, resourceId: campaign.id, before: { status: previous }, after: { status } });
      previous = status;
    }
    const read = (await call(supervisor, "GET", `/api/campaigns/${campaign.id}`)).body.campaign;
    expect(read.startedAt).not.toBeNull();
    expect(read.stoppedAt).not.toBeNull();
    expect((await call(supervisor, "POST", `/api/campaigns/${campaign.id}/start`)).status).toBe(409);
  });

  it("serves the actor's snapshot of a started campaign, and takes edits while it runs", async () => {
    const campaign = await createCampaign({ pacingMode: "preview" });
    expect((await call(supervisor, "POST", `/api/campaigns/${campaign.id}/start`)).status).toBe(200);
    const live = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/live`);
    expect(live.status).toBe(200);
    expect(live.body.snapshot.campaign).toMatchObject({ id: campaign.id, name: campaign.name });
    const edit = await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { abandonCapPercent: 2 });
    expect(edit.status, JSON.stringify(edit.body)).toBe(200);
    expect((await call(supervisor, "POST", `/api/campaigns/${campaign.id}/stop`)).status).toBe(200);
  });
});

describe("the audit trail", () => {
  it("records creation, each edit with before and after, and deletion", async () => {
    const campaign = await createCampaign({ name: "Audited" });
    expect(await latestAudit()).toMatchObject({
      action: "campaign.created",
      resourceType: "campaign",
      resourceId: campaign.id,
      actorId: org.members.supervisor.userId,
      after: { name: "Audited", pacingMode: "predictive", abandonCapPercent: 3 },
    });
    await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { ringTimeoutSeconds: 30 });
    expect(await latestAudit()).toMatchObject({ action: "campaign.updated", before: { ringTimeoutSeconds: 22 }, after: { ringTimeoutSeconds: 30 } });
    await call(org.members.admin, "DELETE", `/api/campaigns/${campaign.id}`);
    expect(await latestAudit()).toMatchObject({ action: "campaign.deleted", resourceId: campaign.id, before: { name: "Audited" } });
    const verdict = await call(org.owner, "GET", "/api/audit/verify");
    expect(verdict.body.ok).toBe(true);
  });

  it("writes nothing for a refused change", async () => {
    const campaign = await createCampaign();
    const before = await latestAudit();
    await call(supervisor, "PATCH", `/api/campaigns/${campaign.id}`, { abandonCapPercent: 5 });
    await call(supervisor, "POST", `/api/campaigns/${campaign.id}/pause`);
    expect((await latestAudit()).seq).toBe(before.seq);
  });
});

describe("the compliance report", () => {
  const MINUTE = 60_000;
  const DAY = 24 * 60 * MINUTE;

  async function insertCall(campaignId: string, accountId: string | null, at: number, outcome: { bridged?: boolean; live?: boolean; abandoned?: boolean }) {
    await withDatabase((db) =>
      db.insert(calls).values({
        id: crypto.randomUUID(),
        organizationId: org.organizationId,
        campaignId,
        accountId,
        direction: "outbound",
        kind: "direct",
        toNumber: "+15555550150",
        fromNumber: "+15550001000",
        status: "completed",
        createdAt: new Date(at),
        bridgedAt: outcome.bridged ? new Date(at + 10_000) : null,
        liveAnswered: outcome.live ?? false,
        abandoned: outcome.abandoned ?? false,
        version: 1,
      }),
    );
  }

  async function insertSkip(campaignId: string, accountId: string, at: number, reason: string, nextEligibleAt: number | null) {
    await withDatabase((db) =>
      db.insert(complianceSkips).values({
        id: `${campaignId}:${crypto.randomUUID()}`,
        organizationId: org.organizationId,
        campaignId,
        accountId,
        phone: "+15555550150",
        reason,
        explanation: `skipped: ${reason}, "quoted", next eligible later`,
        nextEligibleAt: nextEligibleAt === null ? null : new Date(nextEligibleAt),
        occurredAt: new Date(at),
      }),
    );
  }

  it("counts attempts, conversations, live answers, abandons and skips from the records", async () => {
    const campaign = await createCampaign();
    const elsewhere = await createCampaign();
    const a = (await call(supervisor, "POST", "/api/accounts", { name: "First", phones: ["+15555550150"] })).body.account.id as string;
    const b = (await call(supervisor, "POST", "/api/accounts", { name: "Second", phones: ["+15555550151"] })).body.account.id as string;
    const now = Date.now();
    // "Today" is the UTC day here (the report's default time zone); never earlier than its start.
    const todayStart = new Date(now).setUTCHours(0, 0, 0, 0);
    const today = (minutesAgo: number) => Math.max(todayStart, now - minutesAgo * MINUTE);

    // Today: 3 dials, 2 live answers, 1 conversation, 1 abandon.
    await insertCall(campaign.id, a, today(1), { live: true, bridged: true });
    await insertCall(campaign.id, a, today(2), { live: true, abandoned: true });
    await insertCall(campaign.id, b, today(3), {});
    // Ten days ago: 2 dials, both live, both talked.
    await insertCall(campaign.id, b, now - 10 * DAY, { live: true, bridged: true });
    await insertCall(campaign.id, b, now - 10 * DAY - MINUTE, { live: true, bridged: true });
    // Forty days ago, outside the law's 30 days: 1 live answer abandoned.
    await insertCall(campaign.id, a, now - 40 * DAY, { live: true, abandoned: true });
    // Another campaign's call never counts.
    await insertCall(elsewhere.id, a, now - MINUTE, { live: true, abandoned: true });

    const nextEligible = now + DAY;
    await insertSkip(campaign.id, a, now - 5 * MINUTE, "reg_f_7_in_7", nextEligible);
    await insertSkip(campaign.id, a, now - 6 * MINUTE, "reg_f_7_in_7", nextEligible);
    await insertSkip(campaign.id, b, now - 7 * MINUTE, "dnc_org", null);
    await insertSkip(campaign.id, b, now - 20 * DAY, "outside_calling_window", now - 19 * DAY);
    await insertSkip(elsewhere.id, b, now - MINUTE, "no_consent", null);

    const response = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report`);
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const report = response.body.report;
    expect(report).toMatchObject({ attempts: 6, accountsDialed: 2, conversations: 3, liveAnswered: 5, abandoned: 2 });
    expect(report.abandon.today).toEqual({ liveAnswered: 2, abandoned: 1, rate: 0.5 });
    expect(report.abandon.last30Days).toEqual({ liveAnswered: 4, abandoned: 1, rate: 0.25 });
    expect(report.abandon).toMatchObject({ capPercent: 3, legalCapPercent: 3, withinCap: false });
    expect(report.abandon.inPeriod).toEqual({ liveAnswered: 5, abandoned: 2, rate: 0.4 });

    expect(report.skips.total).toBe(4);
    const byReason = Object.fromEntries(report.skips.byReason.map((r: { reason: string; count: number }) => [r.reason, r.count]));
    expect(byReason).toMatchObject({ reg_f_7_in_7: 2, dnc_org: 1, outside_calling_window: 1, no_consent: 0, max_attempts: 0 });
    expect(report.skips.byReason.find((r: { reason: string }) => r.reason === "reg_f_7_in_7").label).toBe("7-in-7");

    expect(report.recentSkips).toHaveLength(4);
    expect(report.recentSkips[0]).toMatchObject({
      reason: "reg_f_7_in_7",
      reasonLabel: "7-in-7",
      accountId: a,
      phone: "+15555550150",
      explanation: expect.stringContaining("skipped: reg_f_7_in_7"),
      nextEligibleAt: new Date(nextEligible).toISOString(),
    });
    expect(report.recentSkips[2]).toMatchObject({ reason: "dnc_org", nextEligibleAt: null });

    // A period: the last 15 days only.
    const from = new Date(now - 15 * DAY).toISOString();
    const ranged = (await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report?from=${encodeURIComponent(from)}`)).body.report;
    expect(ranged).toMatchObject({ attempts: 5, conversations: 3, liveAnswered: 4, abandoned: 1 });
    expect(ranged.skips.total).toBe(3);
    // The law's windows do not move with the period.
    expect(ranged.abandon.last30Days).toEqual(report.abandon.last30Days);
    const to = new Date(now - 5 * DAY).toISOString();
    const older = (await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report?to=${encodeURIComponent(to)}`)).body.report;
    expect(older).toMatchObject({ attempts: 3, liveAnswered: 3, abandoned: 1 });
    expect(older.skips.total).toBe(1);
  });

  it("downloads the skips as CSV, quoted and safe to open in a spreadsheet", async () => {
    const campaign = await createCampaign();
    const account = await call(supervisor, "POST", "/api/accounts", { name: "=cmd()", phones: ["+15555550152"] });
    await insertSkip(campaign.id, account.body.account.id, Date.now() - MINUTE, "max_attempts", null);
    const response = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="campaign-.+-skips\.csv"$/);
    const lines = String(response.body).trim().split("\r\n");
    expect(lines[0]).toBe("occurred_at,account_id,account_name,phone,reason,reason_label,explanation,next_eligible_at");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(",'=cmd(),+15555550150,max_attempts,max attempts,");
    expect(lines[1]).toContain('"skipped: max_attempts, ""quoted"", next eligible later"');
  });

  it("refuses a period that ends before it starts, naming the field", async () => {
    const campaign = await createCampaign();
    const response = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z`);
    expect(response.status).toBe(400);
    expect(response.body.error.fields[0].path).toBe("to");
    const zone = await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report?timeZone=Mars/Olympus`);
    expect(zone.status).toBe(400);
    expect(zone.body.error.fields[0].path).toBe("timeZone");
  });

  it("is empty, and within the cap, for a campaign that never dialled", async () => {
    const campaign = await createCampaign();
    const report = (await call(supervisor, "GET", `/api/campaigns/${campaign.id}/report`)).body.report;
    expect(report).toMatchObject({ attempts: 0, conversations: 0, liveAnswered: 0, abandoned: 0, skips: { total: 0 }, recentSkips: [] });
    expect(report.abandon.last30Days).toEqual({ liveAnswered: 0, abandoned: 0, rate: null });
    expect(report.abandon.withinCap).toBe(true);
  });
});

describe("rehearsing a campaign against the carrier simulator", () => {
  const rehearsalOf = (campaignId: string, body: Record<string, unknown> = {}) =>
    call(supervisor, "POST", `/api/campaigns/${campaignId}/rehearsals`, { workload: "holdout/sales-high-answer-20", agents: 2, speed: 20, minutes: 1, ...body });
  const roomDoor = (member: Caller, room: string) =>
    exports.default.fetch(new Request(`${BASE_URL}/parties/campaign-actor/${room}`, { headers: { upgrade: "websocket", cookie: member.cookie! } }));

  it("runs a copy of the campaign in an organisation of its own that dials only the simulator's leads, leaving the campaign's records untouched", async () => {
    // A real lead of the organisation's: the campaign would dial it, the rehearsal must not.
    const lead = await call(org.owner, "POST", "/api/accounts", { name: `Real ${unique()}`, phones: ["+12025550143"], consent: true });
    expect(lead.status, JSON.stringify(lead.body)).toBe(201);
    const campaign = await createCampaign({ pacingMode: "predictive", maxLinesPerAgent: 2, abandonCapPercent: 2, ringTimeoutSeconds: 25 });
    const realAccountsBefore = await withDatabase(async (db) => (await db.select({ n: count() }).from(accounts).where(eq(accounts.organizationId, org.organizationId)))[0]!.n);
    const membersBefore = await withDatabase(async (db) => (await db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, org.organizationId)))[0]!.n);

    const started = await rehearsalOf(campaign.id);
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const rehearsal = started.body.rehearsal;
    expect(rehearsal).toMatchObject({ rehearsedCampaignId: campaign.id, workload: "holdout/sales-high-answer-20", agents: 2, speed: 20, minutes: 1, leads: rehearsalLeadCount(2, 1) });
    expect(rehearsal.organizationId).not.toBe(org.organizationId);
    const actor = stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(rehearsal.organizationId, rehearsal.campaignId))));

    // The copy: the campaign's pacing settings, running, with the rehearsal's own agents and leads.
    const copy = await withDatabase(async (db) => (await db.select().from(campaigns).where(eq(campaigns.id, rehearsal.campaignId)))[0]!);
    expect(copy).toMatchObject({ organizationId: rehearsal.organizationId, status: "running", pacingMode: "predictive", maxLinesPerAgent: 2, abandonCapPercent: 2, ringTimeoutSeconds: 25 });
    expect(copy.agentUserIds).toHaveLength(2);
    const rehearsalOrg = await withDatabase(async (db) => (await db.select().from(organizations).where(eq(organizations.id, rehearsal.organizationId)))[0]!);
    expect(rehearsalOrg.rehearsalOf).toBe(org.organizationId);
    // The simulator was handed the rehearsal: its leads' plan and its agents' desks.
    const simulator = await (await fetch(`${env.TEST_CARRIER_ORIGIN}/control/workload-plan`)).json<{ plan: { number_prefix: string } | null }>();
    expect(simulator.plan?.number_prefix).toBe("+15558");

    // Its agents take calls over the real pool protocol (the test sits at their desks, with sessions of their own): the copy dials.
    const desks = await Promise.all(
      copy.agentUserIds.map(async (userId) => {
        const { token } = await withDatabase((db) => createSession(db, { userId, organizationId: rehearsal.organizationId, userAgent: "test desk" }));
        return AgentConsole.open(rehearsal.organizationId, { userId, cookie: `wib_session=${token}` });
      }),
    );
    try {
      let snapshot: CampaignSnapshot | null = null;
      await tickUntil(actor, async () => ((snapshot = await actor.snapshot())?.stats.dialsToday ?? 0) > 0, { what: "the rehearsal's first dials", observed: () => snapshot?.stats });
    } finally {
      for (const desk of desks) desk.close();
    }
    await actor.stop();
    const dialledRows = () => withDatabase((db) => db.select({ to: calls.toNumber, organizationId: calls.organizationId }).from(calls).where(eq(calls.campaignId, rehearsal.campaignId)));
    // The call rows reach Postgres through the calls' outboxes, a moment after the dial.
    await expect.poll(async () => (await dialledRows()).length, { timeout: 20_000 }).toBeGreaterThan(0);
    for (const row of await dialledRows()) expect(row).toEqual({ to: expect.stringMatching(/^\+15558\d{6}$/), organizationId: rehearsal.organizationId });

    // The campaign itself: unchanged, never dialled; the organisation's accounts are as they were.
    const after = await call(supervisor, "GET", `/api/campaigns/${campaign.id}`);
    expect(after.body.campaign).toMatchObject({ status: "draft", updatedAt: campaign.updatedAt, startedAt: null });
    const [realCalls, realAccounts] = await withDatabase((db) =>
      Promise.all([
        db.select({ n: count() }).from(calls).where(eq(calls.campaignId, campaign.id)),
        db.select({ n: count() }).from(accounts).where(eq(accounts.organizationId, org.organizationId)),
      ]),
    );
    expect(realCalls[0]!.n).toBe(0);
    expect(realAccounts[0]!.n).toBe(realAccountsBefore);
    const rehearsalLeads = await withDatabase(async (db) => (await db.select({ n: count() }).from(accounts).where(and(eq(accounts.organizationId, rehearsal.organizationId), like(accounts.name, "Lead %"))))[0]!.n);
    expect(rehearsalLeads).toBe(rehearsal.leads);
    // Nobody of the rehearsal joined the organisation, and its log says who rehearsed what.
    const members = await withDatabase((db) => db.select({ n: count() }).from(memberships).where(eq(memberships.organizationId, org.organizationId)));
    expect(members[0]!.n).toBe(membersBefore);
    expect(await latestAudit()).toMatchObject({ action: "campaign.rehearsed", resourceId: campaign.id, after: { rehearsalCampaignId: rehearsal.campaignId, agents: 2 } });
  });

  it("lets the organisation's supervisors watch the rehearsal's room; another organisation's find no such room, an agent is refused", async () => {
    const campaign = await createCampaign({ pacingMode: "progressive" });
    const started = await rehearsalOf(campaign.id, { agents: 1 });
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const { organizationId, campaignId } = started.body.rehearsal;
    stopWhenFileEnds(env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(organizationId, campaignId))));
    const room = campaignRoomName(organizationId, campaignId);
    const watching = await roomDoor(supervisor, room);
    expect(watching.status).toBe(101);
    watching.webSocket!.accept();
    watching.webSocket!.close(1000, "done");
    expect((await roomDoor(other.members.supervisor, room)).status).toBe(404);
    expect((await roomDoor(org.members.agent, room)).status).toBe(403);
    // The rehearsal's campaign is not the organisation's: its API answers as if it did not exist.
    expect((await call(supervisor, "GET", `/api/campaigns/${campaignId}`)).status).toBe(404);
  });

  it("refuses what a rehearsal cannot play, saying why", async () => {
    const preview = await createCampaign({ pacingMode: "preview" });
    const refused = await rehearsalOf(preview.id);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/progressive or predictive.*preview/);
    const draft = await createCampaign({ pacingMode: "progressive" });
    const unobserved = await rehearsalOf(draft.id, { workload: "observed" });
    expect(unobserved.status).toBe(409);
    expect(unobserved.body.error.message).toMatch(/has not run yet/);
    const tooMany = await rehearsalOf(draft.id, { agents: 51 });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.fields[0].path).toBe("agents");
  });
});
