// Campaigns over the API: create, list, read, edit and delete them, and move them through
// draft → running ⇄ paused → stopped. Postgres holds the campaign; its CampaignActor
// dials. Whenever the actor must hear of a change, it hears first and the row (with its
// audit entry) is written only once the actor accepted, so a failed actor call is a 503
// that changed nothing:
// - a status change asks the actor outside any transaction (starting may load a long
//   lead queue), then writes the row if the transition is still valid under its lock;
// - an edit of a running or paused campaign asks the actor inside the transaction that
//   holds the row (configure is quick), so concurrent edits reach the actor in order.
import { and, count, desc, eq, inArray } from "drizzle-orm";
import { z } from "zod";
import { campaignActorStub } from "../../objects/shared/actor-stubs";
import { recordAudit } from "../../db/audit/record";
import { queueWebhookEvent } from "../../db/writers/webhook-records";
import { campaignEvent } from "../outbound-webhooks/event-data";
import { wakeWebhookDispatcher } from "../outbound-webhooks/wake";
import { hasRole } from "../../domain/roles";
import { campaignConfig, campaignView, columnsOf, renderedMessages, settingsOf, type CampaignOrganization, type CampaignRow } from "../campaigns/config";
import { organizationWrapUpSeconds } from "../calls/wrap-up-policy";
import { dropNoticesOfStoppedCampaign } from "../campaigns/campaign-notices";
import { CAMPAIGN_ACTIONS, hasLiveActor, isDeletable, isEditable, nextStatus, refusedTransition, type CampaignAction } from "../campaigns/lifecycle";
import {
  createCampaignBody,
  changedSettings,
  editedCampaignSettings,
  newCampaignSettings,
  settingsProblems,
  updateCampaignBody,
  type CampaignSettings,
} from "../campaigns/settings";
import type { Queryable } from "../../db/client";
import { accounts, CAMPAIGN_STATUSES, campaigns, memberships, organizationAiAgentSettings, organizationIvrSettings, organizations, phoneNumbers, segments } from "../../db/schema";
import { readIvrSettings } from "../../domain/ivr-settings";
import { isPaymentReminder } from "../../domain/payment-reminders";
import { isAgentlessCampaign, isAiAgentCampaign } from "../../domain/ai-agent-campaigns";
import { readAiAgentSettings } from "../../domain/ai-agent-settings";
import { ApiError, conflict, notFound, type FieldError } from "../http/errors";
import { logEvent } from "../../domain/log";
import { idParam } from "../http/params";
import {
  changeCampaign,
  createCampaign,
  deleteCampaign,
  getCampaign,
  listCampaigns,
  liveCampaign,
  pauseCampaign,
  resumeCampaign,
  startCampaign,
  stopCampaign,
} from "../http/contracts/campaigns";
import type { RouteContract } from "../http/contracts/contract";
import { defineRoute, member, type AppContext, type ResourceKind } from "../http/route-table";
import { requirePacingMode } from "../billing/plan-gate";
import { ZONE_BEFORE_ORGANIZATION_CALENDAR } from "../../domain/calendar-days";

defineRoute(listCampaigns, {
  summary: "Campaigns, newest first",
  access: member("viewer"),
  query: z.strictObject({
    status: z.enum(CAMPAIGN_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(100),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  }),
  handler: async (c, { query }) => {
    const where = and(eq(campaigns.organizationId, c.var.identity.organizationId), query.status ? eq(campaigns.status, query.status) : undefined);
    const [rows, [total]] = await Promise.all([
      c.var.db.select().from(campaigns).where(where).orderBy(desc(campaigns.createdAt), desc(campaigns.id)).limit(query.limit).offset(query.offset),
      c.var.db.select({ n: count() }).from(campaigns).where(where),
    ]);
    return c.json({ campaigns: rows.map(campaignView), total: total?.n ?? 0 });
  },
});

defineRoute(getCampaign, {
  summary: "One campaign, with its messages as the callee would hear them now",
  access: member("viewer"),
  resource: "campaign",
  handler: async (c) => {
    const row = await findCampaign(c.var.db, c.var.identity.organizationId, idParam(c, "Campaign"));
    const caller = await callerIdentity(c);
    return c.json({ campaign: campaignView(row), preview: { fromNumber: caller.fromNumber, ...renderedMessages(settingsOf(row), caller) } });
  },
});

defineRoute(createCampaign, {
  summary: "Create a campaign (a draft: nothing dials until it starts)",
  access: member("supervisor"),
  body: createCampaignBody,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const settings = newCampaignSettings(body);
    const created = await c.var.db.transaction(async (tx) => {
      await requirePacingMode(tx, identity.organizationId, settings.pacingMode);
      await assertValid(tx, identity.organizationId, settings, { status: "draft", changed: Object.keys(body) as (keyof CampaignSettings)[] });
      const [row] = await tx
        .insert(campaigns)
        .values({ ...columnsOf(settings), organizationId: identity.organizationId } as typeof campaigns.$inferInsert)
        .returning();
      await recordAudit(tx, identity.organizationId, identity, { action: "campaign.created", resourceType: "campaign", resourceId: row!.id, after: settings });
      return row!;
    });
    return c.json({ campaign: campaignView(created) }, 201);
  },
});

defineRoute(changeCampaign, {
  summary: "Change a campaign's settings (a running or paused campaign's actor gets them at once)",
  access: member("supervisor"),
  resource: "campaign",
  body: updateCampaignBody,
  handler: async (c, { body }) => {
    const identity = c.var.identity;
    const id = idParam(c, "Campaign");
    const updated = await c.var.db.transaction(async (tx) => {
      const current = await findCampaign(tx, identity.organizationId, id, true);
      if (!isEditable(current.status)) throw conflict(`The campaign is ${current.status}: a stopped campaign's settings are a closed record`);
      const beforeSettings = settingsOf(current);
      const settings = editedCampaignSettings(beforeSettings, body);
      // What really changes (a form may send every field): judged, written to the audit log.
      const changed = changedSettings(beforeSettings, settings);
      if (changed.includes("pacingMode")) await requirePacingMode(tx, identity.organizationId, settings.pacingMode);
      await assertValid(tx, identity.organizationId, settings, { status: current.status, changed });
      const [after] = await tx
        .update(campaigns)
        .set({ ...columnsOf(settings), updatedAt: new Date() })
        .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, identity.organizationId)))
        .returning();
      // The actor hears of it before the change commits (and before the audit chain's lock
      // is taken): if it cannot, nothing changed.
      if (hasLiveActor(after!.status)) {
        const config = await liveConfig(c, after!, tx);
        await askActor(c, "configure", () => campaignActor(c.env, after!).configure(config));
      }
      await recordAudit(tx, identity.organizationId, identity, {
        action: "campaign.updated",
        resourceType: "campaign",
        resourceId: id,
        before: Object.fromEntries(changed.map((k) => [k, beforeSettings[k]])),
        after: Object.fromEntries(changed.map((k) => [k, settings[k]])),
      });
      return after!;
    });
    return c.json({ campaign: campaignView(updated) });
  },
});

defineRoute(deleteCampaign, {
  summary: "Delete a draft or stopped campaign",
  access: member("admin"),
  resource: "campaign",
  handler: async (c) => {
    const identity = c.var.identity;
    const id = idParam(c, "Campaign");
    await c.var.db.transaction(async (tx) => {
      const current = await findCampaign(tx, identity.organizationId, id, true);
      if (!isDeletable(current.status)) {
        throw conflict(`The campaign is ${current.status}: only a draft or stopped campaign can be deleted; stop it first`);
      }
      await tx.delete(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.organizationId, identity.organizationId)));
      await recordAudit(tx, identity.organizationId, identity, { action: "campaign.deleted", resourceType: "campaign", resourceId: id, before: campaignView(current) });
    });
    return c.body(null, 204);
  },
});

/** The fixture kind each action's tests need: pausing needs a running campaign, resuming a paused one. */
const RESOURCE_FOR_ACTION: Record<CampaignAction, ResourceKind> = {
  start: "campaign",
  pause: "runningCampaign",
  resume: "pausedCampaign",
  stop: "runningCampaign",
};

const STATUS_ACTION_CONTRACTS: Record<CampaignAction, RouteContract> = {
  start: startCampaign,
  pause: pauseCampaign,
  resume: resumeCampaign,
  stop: stopCampaign,
};

const PAST_TENSE: Record<CampaignAction, string> = { start: "started", pause: "paused", resume: "resumed", stop: "stopped" };

for (const action of CAMPAIGN_ACTIONS) {
  defineRoute(STATUS_ACTION_CONTRACTS[action], {
    summary: `${action[0]!.toUpperCase()}${action.slice(1)} the campaign`,
    access: member("supervisor"),
    resource: RESOURCE_FOR_ACTION[action],
    handler: (c) => changeStatus(c, action),
  });
}

defineRoute(liveCampaign, {
  summary: "The campaign room's current snapshot (the console then follows the room's socket)",
  access: member("supervisor"),
  resource: "campaign",
  handler: async (c) => {
    const row = await findCampaign(c.var.db, c.var.identity.organizationId, idParam(c, "Campaign"));
    // A draft never ran: there is no live state to ask its actor for.
    if (row.status === "draft") return c.json({ snapshot: null });
    const snapshot = await askActor(c, "snapshot", () => campaignActor(c.env, row).snapshot());
    return c.json({ snapshot });
  },
});

/** A stop ends the campaign's run: integrators hear it as campaign.completed. */
const CAMPAIGN_WEBHOOK_EVENTS = {
  start: "campaign.started",
  pause: "campaign.paused",
  resume: "campaign.resumed",
  stop: "campaign.completed",
} as const satisfies Record<CampaignAction, string>;

async function changeStatus(c: AppContext, action: CampaignAction): Promise<Response> {
  const identity = c.var.identity;
  const id = idParam(c, "Campaign");
  const before = await findCampaign(c.var.db, identity.organizationId, id);
  if (!nextStatus(before.status, action)) throw conflict(refusedTransition(before.status, action));
  const actor = campaignActor(c.env, before);
  let live: unknown;
  if (action === "start" || action === "resume") {
    // A payment-reminder campaign has no agents: its calls go to the IVR; an AI-agent campaign's, to the AI.
    if (before.agentUserIds.length === 0 && !isAgentlessCampaign(before)) throw conflict("The campaign has no agents: assign at least one before it dials");
    // A campaign made before a downgrade keeps its settings, but does not dial on a plan without its pacing.
    await requirePacingMode(c.var.db, identity.organizationId, before.pacingMode);
    const config = await liveConfig(c, before, c.var.db);
    live = await askActor(c, action, () => actor.start(config));
  } else {
    live = await askActor(c, action, () => (action === "pause" ? actor.pause() : actor.stop()));
  }
  // The actor has accepted. The status is checked again under the row lock: a concurrent
  // change may have moved it, and only a transition still valid from there is written.
  const after = await c.var.db.transaction(async (tx) => {
    const current = await findCampaign(tx, identity.organizationId, id, true);
    const to = nextStatus(current.status, action);
    if (!to) throw conflict(refusedTransition(current.status, action));
    const now = new Date();
    const [updated] = await tx
      .update(campaigns)
      .set({
        status: to,
        updatedAt: now,
        ...(action === "start" ? { startedAt: now } : {}),
        ...(action === "stop" ? { stoppedAt: now } : {}),
      })
      .where(and(eq(campaigns.id, id), eq(campaigns.organizationId, identity.organizationId)))
      .returning();
    // A stopped campaign never dials or pulls again: its waiting notices go with the stop.
    if (to === "stopped") await dropNoticesOfStoppedCampaign(tx, identity.organizationId, id);
    await recordAudit(tx, identity.organizationId, identity, {
      action: `campaign.${PAST_TENSE[action]}`,
      resourceType: "campaign",
      resourceId: id,
      before: { status: current.status },
      after: { status: to },
    });
    const queued = await queueWebhookEvent(tx, campaignEvent(CAMPAIGN_WEBHOOK_EVENTS[action], updated!, now));
    return { ...updated!, queued };
  });
  if (after.queued) wakeWebhookDispatcher(c.env, c.executionCtx, identity.organizationId);
  return c.json({ campaign: campaignView(after), live });
}

export const campaignActor = (env: Env, row: Pick<CampaignRow, "organizationId" | "id">) => campaignActorStub(env, row.organizationId, row.id);

/** Runs one actor call; any failure is a 503 to the client and the full story in the log. */
export async function askActor<T>(c: AppContext, what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    logEvent({
      event: "unhandled_error",
      method: c.req.method,
      path: new URL(c.req.url).pathname,
      error: `CampaignActor.${what} failed: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
    });
    throw new ApiError(503, "service_unavailable", "The campaign's dialer did not answer; nothing was changed. Try again shortly", undefined, { "retry-after": "5" });
  }
}

export async function findCampaign(db: Queryable, organizationId: string, id: string, lock = false): Promise<CampaignRow> {
  const query = db.select().from(campaigns).where(and(eq(campaigns.id, id), eq(campaigns.organizationId, organizationId)));
  // "no key update": other rows' foreign keys to this campaign (calls, skips) stay writable meanwhile.
  const [row] = lock ? await query.for("no key update") : await query;
  if (!row) throw notFound("Campaign");
  return row;
}

/** Who the campaign says is calling: the organisation's name and its first number (else the platform's). */
async function callerIdentity(c: AppContext, db: Queryable = c.var.db) {
  const [own] = await db
    .select({ e164: phoneNumbers.e164 })
    .from(phoneNumbers)
    .where(eq(phoneNumbers.organizationId, c.var.identity.organizationId))
    .orderBy(phoneNumbers.createdAt)
    .limit(1);
  return { organizationName: c.var.identity.organizationName, fromNumber: own?.e164 ?? (c.env.TELNYX_FROM_NUMBER || null) };
}

/** Who calls, and the organisation's wrap-up time the campaign falls back on. */
async function requireCallerIdentity(c: AppContext, db: Queryable): Promise<CampaignOrganization> {
  const caller = await callerIdentity(c, db);
  if (!caller.fromNumber) throw conflict("No caller id: add a phone number to the organisation (or set TELNYX_FROM_NUMBER)");
  const [organization] = await db.select({ recordingDisclosure: organizations.recordingDisclosure, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, c.var.identity.organizationId));
  return {
    ...caller,
    fromNumber: caller.fromNumber,
    wrapUpSeconds: await organizationWrapUpSeconds(db, c.var.identity.organizationId),
    timeZone: organization?.timeZone ?? ZONE_BEFORE_ORGANIZATION_CALENDAR,
    ...(organization?.recordingDisclosure ? { recordingDisclosure: organization.recordingDisclosure } : {}),
  };
}

/** The actor's configuration: the row, who calls (the caller's organisation: a rehearsal calls as the campaign it rehearses), and (a payment-reminder campaign's IVR, an AI-agent campaign's AI) the organisation's settings. */
export async function liveConfig(c: AppContext, row: CampaignRow, db: Queryable) {
  const caller = await requireCallerIdentity(c, db);
  if (isAiAgentCampaign(row)) {
    const [stored] = await db.select({ settings: organizationAiAgentSettings.settings }).from(organizationAiAgentSettings).where(eq(organizationAiAgentSettings.organizationId, row.organizationId));
    return campaignConfig(row, caller, undefined, readAiAgentSettings(stored?.settings));
  }
  if (!isPaymentReminder(row)) return campaignConfig(row, caller);
  const [stored] = await db.select({ settings: organizationIvrSettings.settings }).from(organizationIvrSettings).where(eq(organizationIvrSettings.organizationId, row.organizationId));
  return campaignConfig(row, caller, readIvrSettings(stored?.settings));
}

/** Field rules, then (for what changes) the ones that need the organisation's members and accounts. */
async function assertValid(
  db: Queryable,
  organizationId: string,
  settings: CampaignSettings,
  context: Parameters<typeof settingsProblems>[1],
): Promise<void> {
  const problems: FieldError[] = [
    ...settingsProblems(settings, context),
    ...(context.changed.includes("agentUserIds") ? await agentProblems(db, organizationId, settings.agentUserIds) : []),
    ...(context.changed.includes("accountSelection") ? await accountProblems(db, organizationId, settings.accountSelection.accountIds ?? []) : []),
    ...(context.changed.includes("segmentId") && settings.segmentId ? await segmentProblems(db, organizationId, settings.segmentId) : []),
  ];
  if (problems.length > 0) {
    throw new ApiError(400, "validation_failed", `Invalid body: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`, problems);
  }
}

async function agentProblems(db: Queryable, organizationId: string, userIds: readonly string[]): Promise<FieldError[]> {
  if (userIds.length === 0) return [];
  const found = await db
    .select({ userId: memberships.userId, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organizationId, organizationId), inArray(memberships.userId, [...userIds])));
  const takesCalls = new Set(found.filter((m) => hasRole(m.role, "agent")).map((m) => m.userId));
  const wrong = userIds.filter((id) => !takesCalls.has(id));
  if (wrong.length === 0) return [];
  return [{ path: "agentUserIds", message: `not members of this organisation who take calls (agent or above): ${describeIds(wrong)}` }];
}

async function accountProblems(db: Queryable, organizationId: string, accountIds: readonly string[]): Promise<FieldError[]> {
  if (accountIds.length === 0) return [];
  const found = await db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.organizationId, organizationId), inArray(accounts.id, [...accountIds])));
  const known = new Set(found.map((a) => a.id));
  const wrong = accountIds.filter((id) => !known.has(id));
  if (wrong.length === 0) return [];
  return [{ path: "accountSelection", message: `accountIds: not accounts of this organisation: ${describeIds(wrong)}` }];
}

async function segmentProblems(db: Queryable, organizationId: string, segmentId: string): Promise<FieldError[]> {
  const [found] = await db.select({ id: segments.id }).from(segments).where(and(eq(segments.organizationId, organizationId), eq(segments.id, segmentId)));
  return found ? [] : [{ path: "segmentId", message: `not a segment of this organisation: ${segmentId}` }];
}

const describeIds = (ids: readonly string[]) => (ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`);

