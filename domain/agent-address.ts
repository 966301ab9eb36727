// Where an agent's leg rings. In production this is the SIP address of the agent's
// WebRTC softphone credential; locally the simulator answers any `sip:agent-…` address.
export function agentAddressFor(env: Pick<Env, "AGENT_SIP_DOMAIN">, userId: string): string {
  return `sip:agent-${userId}@${env.AGENT_SIP_DOMAIN || "agents.wordisbond.local"}`;
}
