// The console's WebRTC softphone: a short-lived access token for the signed-in person.
import { z } from "zod";
import { instant, routeContract } from "./contract";

export const softphoneToken = z.strictObject({
  /** webrtc: register @telnyx/webrtc with the token; simulated: the carrier simulator answers your legs (no audio). */
  mode: z.enum(["webrtc", "simulated"]),
  /** The access token (a JWT) @telnyx/webrtc logs in with (`login_token`). Never the credential's SIP password. */
  token: z.string(),
  expiresAt: instant,
  /** Ask for a new token by then (a little before it expires). */
  refreshAt: instant,
  /** The address the engine rings for you while this credential is live: sip:<sipUsername>@sip.telnyx.com (Telnyx delivers there). */
  sipAddress: z.string(),
  /** The credential's SIP user name (Telnyx generates it): a leg to it is yours too. */
  sipUsername: z.string(),
});
export type SoftphoneToken = z.infer<typeof softphoneToken>;

/**
 * 200: a token for the session's user (the credential is made or reused). forbidden: an
 * API key (a softphone is a person's); service_unavailable: no credential connection is
 * configured, or the carrier did not answer.
 */
export const mintSoftphoneToken = routeContract({
  method: "POST",
  path: "/api/softphone/token",
  response: { 200: softphoneToken },
  errors: ["forbidden", "service_unavailable"],
});

export const softphoneRoutes = [mintSoftphoneToken] as const;
