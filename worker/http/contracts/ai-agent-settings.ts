// The organisation's AI voice agent settings: prompt, model, voice, temperature,
// guardrails, disclosures and the payment policy (domain/ai-agent-settings.ts).
import { z } from "zod";
import { aiAgentSettings } from "../../../domain/ai-agent-settings";
import { id, routeContract } from "./contract";

const aiAgentSettingsBody = z.strictObject({ aiAgentSettings });

/** The settings in force (the defaults until an admin sets them). */
export const getAiAgentSettings = routeContract({ method: "GET", path: "/api/ai-agent-settings", response: { 200: aiAgentSettingsBody }, errors: [] });
/** Replaces the settings as a whole (a missing or bad field is a 400 naming it). */
export const setAiAgentSettings = routeContract({ method: "PATCH", path: "/api/ai-agent-settings", response: { 200: aiAgentSettingsBody }, errors: [] });

/** A carrier simulator persona that can place a test call to the AI. */
export const aiTestPersona = z.strictObject({ name: z.string(), description: z.string(), language: z.string(), mood: z.string() });
export type AiTestPersona = z.infer<typeof aiTestPersona>;

/** The personas a test call may come from (conflict: no carrier simulator in this deployment). */
export const listAiTestPersonas = routeContract({
  method: "GET",
  path: "/api/ai-agent-settings/test-personas",
  response: { 200: z.strictObject({ personas: z.array(aiTestPersona) }) },
  errors: ["conflict", "service_unavailable"],
});

/**
 * What a test call asks: who calls, from which number (a customer's phone, so the AI sees
 * their account; a new simulator number when absent), and which AI number (the
 * organisation's first when absent).
 */
export const aiTestCallRequest = z.strictObject({
  persona: z.string().trim().min(1).max(100),
  // E.164, checked by the route (domain/phone-number.ts, kept out of the console's bundle).
  from: z.string().trim().min(1).max(16).optional(),
  phoneNumberId: id.optional(),
});
export type AiTestCallRequest = z.infer<typeof aiTestCallRequest>;

export const aiTestCall = z.strictObject({ callId: id, callSessionId: z.string(), persona: z.string(), phoneNumberId: id, from: z.string(), to: z.string() });
export type AiTestCall = z.infer<typeof aiTestCall>;

/**
 * A carrier simulator persona calls one of the organisation's AI numbers; the call's id is
 * known at once (its page shows it live). conflict: no simulator, or no AI number.
 */
export const placeAiTestCall = routeContract({
  method: "POST",
  path: "/api/ai-agent-settings/test-calls",
  response: { 201: z.strictObject({ testCall: aiTestCall }) },
  // plan_required: the organisation's plan lacks the AI agent (402 naming the plan that has it).
  errors: ["conflict", "service_unavailable", "plan_required"],
});

export const aiAgentSettingsRoutes = [getAiAgentSettings, setAiAgentSettings, listAiTestPersonas, placeAiTestCall] as const;
