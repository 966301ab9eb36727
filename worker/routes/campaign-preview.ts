// Preview pacing over the API: the agent a running preview campaign offered a lead to
// dials it or skips it. Who acts comes from the session, never from the body; the body
// names the lead the agent saw, so a click on an offer that was meanwhile withdrawn or
// replaced is refused instead of acting on another lead.
import { z } from "zod";
import type { PreviewActionResult } from "../../objects/campaign/protocol";
import { conflict, forbidden } from "../http/errors";
import { idParam } from "../http/params";
import { previewDial, previewSkip } from "../http/contracts/campaigns";
import { defineRoute, member, type AppContext } from "../http/route-table";
import { askActor, campaignActor, findCampaign } from "./campaigns";
import { refusePlacementWhenBehind } from "../calls/engine-backlog";

const previewActionBody = z.strictObject({ accountId: z.string().uuid() });

defineRoute(previewDial, {
  summary: "Dial the lead this preview campaign offers you (compliance is checked again first)",
  access: member("agent"),
  resource: "previewCampaign",
  // A dial is a new call: refused while the engine is behind, like POST /api/calls.
  admit: () => refusePlacementWhenBehind(),
  body: previewActionBody,
  handler: async (c, { body }) => {
    const result = await actOnOffer(c, "dial", body.accountId);
    return c.json({ callId: result.callId }, 201);
  },
});

defineRoute(previewSkip, {
  summary: "Skip the lead this preview campaign offers you: it is retried later and you get the next one",
  access: member("agent"),
  resource: "previewCampaign",
  body: previewActionBody,
  handler: async (c, { body }) => {
    await actOnOffer(c, "skip", body.accountId);
    return c.json({ skipped: body.accountId });
  },
});

async function actOnOffer(c: AppContext, action: "dial" | "skip", accountId: string): Promise<Extract<PreviewActionResult, { ok: true }>> {
  const identity = c.var.identity;
  const row = await findCampaign(c.var.db, identity.organizationId, idParam(c, "Campaign"));
  if (!identity.userId) throw forbidden("Preview dialling needs a person at a console: an API key cannot hold an offer");
  if (row.pacingMode !== "preview" || row.status !== "running") throw conflict(`The campaign is ${row.status} with ${row.pacingMode} pacing: it offers no leads to dial by hand`);
  const actor = campaignActor(c.env, row);
  const userId = identity.userId;
  const ask = async (): Promise<PreviewActionResult> => (action === "dial" ? await actor.previewDial(userId, accountId) : await actor.previewSkip(userId, accountId));
  const result = await askActor(c, `preview ${action}`, ask);
  // Not theirs, gone, or refused by compliance: all are about the lead's state now, so 409 (never 403: their role is fine).
  if (!result.ok) throw conflict(result.message);
  return result;
}
