// The organisation's AI voice agent settings: prompt, model, voice, temperature,
// guardrails, disclosures and the payment policy (domain/ai-agent-settings.ts).
import { z } from "zod";
import { aiAgentSettings } from "../../../domain/ai-agent-settings";
import { routeContract } from "./contract";

const aiAgentSettingsBody = z.strictObject({ aiAgentSettings });

/** The settings in force (the defaults until an admin sets them). */
export const getAiAgentSettings = routeContract({ method: "GET", path: "/api/ai-agent-settings", response: { 200: aiAgentSettingsBody }, errors: [] });
/** Replaces the settings as a whole (a missing or bad field is a 400 naming it). */
export const setAiAgentSettings = routeContract({ method: "PATCH", path: "/api/ai-agent-settings", response: { 200: aiAgentSettingsBody }, errors: [] });

export const aiAgentSettingsRoutes = [getAiAgentSettings, setAiAgentSettings] as const;
