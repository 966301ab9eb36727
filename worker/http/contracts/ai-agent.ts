// The AI voice agent on a live call: a person takes the call over, or hands it back.
import { z } from "zod";
import { callView } from "../../../objects/call/protocol";
import { routeContract } from "./contract";

export const AI_OPERATOR_ACTIONS = ["take_over", "hand_back"] as const;

export const aiOperatorAnswer = z.strictObject({
  ai: z.strictObject({ change: z.enum(AI_OPERATOR_ACTIONS) }),
  /** The live call as its actor sees it now. */
  call: callView,
});

/**
 * 200: taken over (the pool is asked for the caller as the person to bridge) or handed
 * back (their leg is hung up, the AI resumes). conflict: not an AI call, or the AI is not
 * in a state where that means something (the message says which). forbidden: an agent
 * taking over a call that goes to other agents (its campaign's, or its number's queue or
 * agent: domain/ai-agent.ts mayTakeOverAiCall), or an API key (nobody to ring).
 */
export const aiOperatorRoute = routeContract({
  method: "POST",
  path: "/api/calls/:id/ai-agent",
  response: { 200: aiOperatorAnswer },
  errors: ["conflict", "forbidden"],
});

export const aiAgentRoutes = [aiOperatorRoute] as const;
