// Reaching a call's actor from the Worker.
import { callActorName } from "../../objects/call/client-state";

export function callActor(env: Env, organizationId: string, callId: string) {
  return env.CallActor.get(env.CallActor.idFromName(callActorName(organizationId, callId)));
}
