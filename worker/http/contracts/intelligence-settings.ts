// Live intelligence's settings: the organisation's translation and objection phrases, a
// campaign's own translation (null: the organisation's), and a live call's translation.
import { z } from "zod";
import { intelligenceSettings, translationSettings } from "../../../domain/intelligence-settings";
import { routeContract } from "./contract";

const intelligenceSettingsBody = z.strictObject({ intelligenceSettings });
const campaignTranslationBody = z.strictObject({ campaignId: z.string(), translation: translationSettings.nullable() });

/** The settings in force (the defaults until an admin sets them). */
export const getIntelligenceSettings = routeContract({ method: "GET", path: "/api/intelligence-settings", response: { 200: intelligenceSettingsBody }, errors: [] });
/** Replaces the settings as a whole (a bad phrase is a 400 naming its place). */
export const setIntelligenceSettings = routeContract({ method: "PATCH", path: "/api/intelligence-settings", response: { 200: intelligenceSettingsBody }, errors: [] });
/** A campaign's own translation, or null to follow the organisation's. */
export const getCampaignTranslation = routeContract({ method: "GET", path: "/api/campaigns/:id/translation", response: { 200: campaignTranslationBody }, errors: [] });
export const setCampaignTranslation = routeContract({ method: "PATCH", path: "/api/campaigns/:id/translation", response: { 200: campaignTranslationBody }, errors: [] });
/** 202: the call's translation changes from its next line (conflict: the call has ended). */
export const setCallTranslation = routeContract({
  method: "PATCH",
  path: "/api/calls/:id/translation",
  response: { 202: z.strictObject({ callId: z.string(), translation: translationSettings }) },
  errors: ["conflict"],
});

/**
 * 202: the agent's line is being translated into the customer's language and will be
 * spoken to them (voice-to-voice); conflict: the call is not live, voice-to-voice is off,
 * there is no model, or the customer's language is not known (the message says which).
 */
export const sayVoiceLine = routeContract({
  method: "POST",
  path: "/api/calls/:id/voice-lines",
  response: { 202: z.strictObject({ callId: z.string(), requestId: z.string(), text: z.string(), language: z.string() }) },
  errors: ["conflict"],
});

export const intelligenceSettingsRoutes = [getIntelligenceSettings, setIntelligenceSettings, getCampaignTranslation, setCampaignTranslation, setCallTranslation, sayVoiceLine] as const;
