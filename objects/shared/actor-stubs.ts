// Reaching an actor: one place that turns an organisation and an id into a stub, by the
// same room names the Worker routes consoles' sockets by (every name starts with the org id).
import { agentPoolRoomName } from "../agent-pool/protocol";
import { callActorName } from "../call/client-state";
import { campaignRoomName } from "../campaign/protocol";

export const callActorStub = (env: Env, organizationId: string, callId: string) => env.CallActor.get(env.CallActor.idFromName(callActorName(organizationId, callId)));

export const campaignActorStub = (env: Env, organizationId: string, campaignId: string) =>
  env.CampaignActor.get(env.CampaignActor.idFromName(campaignRoomName(organizationId, campaignId)));

export const agentPoolStub = (env: Env, organizationId: string) => env.AgentPoolActor.get(env.AgentPoolActor.idFromName(agentPoolRoomName(organizationId)));
