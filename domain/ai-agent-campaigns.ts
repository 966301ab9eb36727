// AI-agent campaigns: a pacing mode of the dialer whose answered people talk with the AI
// voice agent instead of a human agent (a machine gets the campaign's voicemail). Like a
// payment-reminder campaign it waits for no free agent: a concurrency limit the campaign
// sets paces it (domain/payment-reminders.ts reminderDials), and an agent or supervisor
// may take any of its calls over and hand it back. The AI is an artificial voice, so the
// TCPA wants the callee's prior express consent: only accounts whose consent is granted
// are dialled (domain/consent.ts).
import { isPaymentReminder } from "./payment-reminders";

export const AI_AGENT_MODE = "ai_agent" as const;

export const isAiAgentCampaign = (campaign: { pacingMode: string }): boolean => campaign.pacingMode === AI_AGENT_MODE;

/** Campaigns whose answered calls need no free agent (the IVR or the AI takes them): a concurrency limit paces them. */
export const isAgentlessCampaign = (campaign: { pacingMode: string }): boolean => isPaymentReminder(campaign) || isAiAgentCampaign(campaign);

/** What the room shows as the pacer's reason. */
export function aiCampaignPacingText(maxConcurrentCalls: number, callsInFlight: number, dials: number): string {
  const running = `${callsInFlight} of ${maxConcurrentCalls} call${maxConcurrentCalls === 1 ? "" : "s"} in flight`;
  return dials > 0 ? `AI agent: ${running}, dialling ${dials}` : `AI agent: ${running}, at the limit`;
}
