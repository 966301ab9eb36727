// Wrap-up: the time an agent gets after a call to finish it (notes, the disposition)
// before the dialer hands them the next one. The policy a call ends under, its bounds
// and defaults, defined once: the API judges settings against them, campaigns and the
// Worker build a call's policy from them, the agent pool applies it.
import { z } from "zod";

/** Collections teams wrap up in about 25–45 s; an organisation or campaign can set its own. */
export const DEFAULT_WRAP_UP_SECONDS = 30;
/** Ten minutes: past that an agent is not wrapping up, they are away (put them on break). */
export const MAX_WRAP_UP_SECONDS = 600;
/** The most one "I need more time" may add. */
export const MAX_WRAP_UP_EXTENSION_SECONDS = 600;

/** The wrap-up a call ends under, resolved (a campaign's own values, or the organisation's default). */
export const wrapUpPolicy = z.object({
  /** How long wrap-up lasts; 0 makes the agent available at once (unless a disposition is owed). */
  seconds: z.number().int().min(0).max(MAX_WRAP_UP_SECONDS),
  /** Saving the disposition ends wrap-up at once (the agent is done). */
  endOnSave: z.boolean(),
  /** What one "I need more time" adds; 0: the agent may not extend. Once per call. */
  extensionSeconds: z.number().int().min(0).max(MAX_WRAP_UP_EXTENSION_SECONDS),
  /** The agent stays in wrap-up, past its time, until the call's disposition is saved. */
  dispositionRequired: z.boolean(),
});
export type WrapUpPolicy = z.infer<typeof wrapUpPolicy>;

/**
 * Calls that are not a campaign's (direct, bridge, inbound): the organisation's time,
 * ended by a save, never waiting for a disposition nobody asked for.
 */
export const ordinaryCallWrapUp = (seconds = DEFAULT_WRAP_UP_SECONDS): WrapUpPolicy => ({
  seconds,
  endOnSave: true,
  extensionSeconds: 0,
  dispositionRequired: false,
});

/** A campaign's wrap-up settings, as its row and the API hold them. */
export interface CampaignWrapUpSettings {
  /** null: the organisation's default. */
  wrapUpSeconds: number | null;
  endWrapUpOnSave: boolean;
  wrapUpExtensionSeconds: number;
  dispositionRequired: boolean;
}

/** A new campaign's: the organisation's time, ended by a save, no extension, a disposition owed for every call. */
export const DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS: CampaignWrapUpSettings = {
  wrapUpSeconds: null,
  endWrapUpOnSave: true,
  wrapUpExtensionSeconds: 0,
  dispositionRequired: true,
};

/** The policy a campaign's calls end under, its own seconds or else the organisation's. */
export function campaignWrapUpPolicy(settings: CampaignWrapUpSettings, organizationWrapUpSeconds: number): WrapUpPolicy {
  return {
    seconds: settings.wrapUpSeconds ?? organizationWrapUpSeconds,
    endOnSave: settings.endWrapUpOnSave,
    extensionSeconds: settings.wrapUpExtensionSeconds,
    dispositionRequired: settings.dispositionRequired,
  };
}

/** The API's field rules (400 naming the field): whole seconds within the bounds. */
export const wrapUpSecondsField = z
  .number()
  .int("whole seconds")
  .min(0, "at least 0 seconds")
  .max(MAX_WRAP_UP_SECONDS, `at most ${MAX_WRAP_UP_SECONDS} seconds (10 minutes)`);
export const wrapUpExtensionSecondsField = z
  .number()
  .int("whole seconds")
  .min(0, "at least 0 seconds (0: no extension)")
  .max(MAX_WRAP_UP_EXTENSION_SECONDS, `at most ${MAX_WRAP_UP_EXTENSION_SECONDS} seconds (10 minutes)`);
