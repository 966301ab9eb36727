// POST /api/softphone/token: the console's WebRTC softphone logs in with a short-lived
// access token minted for the session's person from their own telephony credential
// (worker/softphone/telephony-credentials.ts). Locally the carrier simulator mints it and
// answers the person's legs itself, so the console is told the softphone is simulated.
import { logEvent } from "../../domain/log";
import { credentialSipAddress, SOFTPHONE_REFRESH_BEFORE_MS } from "../../domain/softphone";
import { mintSoftphoneToken as mintSoftphoneTokenContract } from "../http/contracts/softphone";
import { ApiError, forbidden } from "../http/errors";
import { defineRoute, member } from "../http/route-table";
import { mintSoftphoneToken } from "../softphone/telephony-credentials";

defineRoute(mintSoftphoneTokenContract, {
  summary: "A short-lived WebRTC access token for your softphone (the credential is yours; the engine rings its SIP address)",
  access: member("agent"),
  handler: async (c) => {
    const identity = c.var.identity;
    if (!identity.userId) throw forbidden("A softphone is a person's: an API key has none");
    const { TELNYX_API_KEY, TELNYX_CREDENTIAL_CONNECTION_ID } = c.env;
    if (!TELNYX_API_KEY || !TELNYX_CREDENTIAL_CONNECTION_ID) {
      throw new ApiError(503, "service_unavailable", "The softphone is not configured (TELNYX_API_KEY and TELNYX_CREDENTIAL_CONNECTION_ID): use a SIP phone for your legs");
    }
    const userId = identity.userId.toLowerCase();
    const nowMs = Date.now();
    let minted;
    try {
      minted = await mintSoftphoneToken({ ...c.env, TELNYX_API_KEY, TELNYX_CREDENTIAL_CONNECTION_ID }, { userId, organizationId: identity.organizationId }, nowMs);
    } catch (error) {
      logEvent({ event: "softphone_token_failed", userId, error: error instanceof Error ? error.message : String(error) });
      throw new ApiError(503, "service_unavailable", "The carrier did not give your softphone a token: try again shortly");
    }
    const refreshAtMs = Math.max(nowMs, minted.expiresAtMs - SOFTPHONE_REFRESH_BEFORE_MS);
    return c.json(
      {
        mode: c.env.CARRIER_MODE === "simulator" ? ("simulated" as const) : ("webrtc" as const),
        token: minted.token,
        expiresAt: new Date(minted.expiresAtMs).toISOString(),
        refreshAt: new Date(refreshAtMs).toISOString(),
        // While this credential is live the engine dials its legs for this person here (objects/call/ports/softphone-address.ts).
        sipAddress: credentialSipAddress(minted.sipUsername),
        sipUsername: minted.sipUsername,
      },
      200,
    );
  },
});
