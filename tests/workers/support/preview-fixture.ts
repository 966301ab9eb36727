// The route-table tests' fixture for preview routes: a running preview campaign that
// offers its one lead to the caller, so the caller's own Dial or Skip succeeds. A caller
// holds one offer at a time: while the last fixture's offer is still theirs it is served
// again; once used, a new fixture stops the old campaign and hangs up any call the
// caller is on (their own Dial, or another fixture's call) so they are free for the offer.
import { AgentConsole, zoneAtLocalHour } from "./agent-console";
import { CallPump } from "./carrier";
import { call, type Caller } from "./client";
import { unique } from "./orgs";

const consoles = new Map<string, AgentConsole>();
const previousCampaign = new Map<string, string>();
const identities = new Map<string, { userId: string; organizationId: string }>();
/** One pump per caller, started when its first fixture was: earlier calls' webhooks are not ours to replay. */
const pumps = new Map<string, CallPump>();
let offeredAccountId = "";

/** The lead the latest preview fixture offered: the body its Dial and Skip need. */
export const lastOfferedAccountId = () => offeredAccountId;

export async function previewCampaignFixture(owner: Caller): Promise<string> {
  const key = owner.cookie!;
  const previous = previousCampaign.get(key);
  const held = consoles.get(key);
  if (previous && held?.status === "previewing" && held.offer?.campaignId === previous) {
    offeredAccountId = held.offer.accountId;
    return previous;
  }
  if (!identities.has(key)) {
    const me = (await call(owner, "GET", "/api/auth/me")).body;
    identities.set(key, { userId: me.user.id, organizationId: me.organization.id });
  }
  const { userId, organizationId } = identities.get(key)!;
  if (previous) await call(owner, "POST", `/api/campaigns/${previous}/stop`);
  const account = await call(owner, "POST", "/api/accounts", { name: `Preview ${unique()}`, phones: ["+15550400001"], timeZone: zoneAtLocalHour(12), balanceDueCents: 4200, consent: true });
  if (account.status !== 201) throw new Error(`preview fixture account: ${account.status} ${JSON.stringify(account.body)}`);
  const accountId: string = account.body.account.id;
  const created = await call(owner, "POST", "/api/campaigns", {
    name: `Preview fixture ${unique()}`,
    pacingMode: "preview",
    agentUserIds: [userId],
    accountSelection: { accountIds: [accountId] },
    // The console leaves the wrap-up of a hung-up Dial by choosing available, which an owed disposition would refuse.
    dispositionRequired: false,
  });
  if (created.status !== 201) throw new Error(`preview fixture: ${created.status} ${JSON.stringify(created.body)}`);
  const campaignId: string = created.body.campaign.id;
  let agent = consoles.get(key);
  if (!agent) {
    agent = await AgentConsole.open(organizationId, { ...owner, userId });
    consoles.set(key, agent);
  } else agent.choose("available");
  const started = await call(owner, "POST", `/api/campaigns/${campaignId}/start`);
  if (started.status !== 200) throw new Error(`preview fixture start: ${started.status} ${JSON.stringify(started.body)}`);
  previousCampaign.set(key, campaignId);
  if (!pumps.has(key)) pumps.set(key, await CallPump.forOrganization(organizationId).skipArrived());
  const pump = pumps.get(key)!;
  const console = agent;
  // A call holding the caller is hung up, and its own webhooks (older ones included: the
  // carrier may have ended it long ago) are carried until it is over.
  const callPumps = new Map<string, CallPump>();
  await pump.until(async () => {
    if (console.offer?.campaignId === campaignId) return true;
    const callId = console.status === "on_call" ? console.callId : null;
    if (callId) {
      if (!callPumps.has(callId)) {
        callPumps.set(callId, CallPump.forCall(callId));
        await call(owner, "POST", `/api/calls/${callId}/hangup`);
      }
      await callPumps.get(callId)!.pumpOnce();
    }
    return false;
  }, 20_000);
  offeredAccountId = accountId;
  return campaignId;
}
