// The engine's own address of a person's leg (an agent's, a supervisor's). When the person
// has a live softphone credential, the carrier port dials the credential's SIP address
// instead (objects/call/ports/softphone-address.ts); otherwise this address is dialled (a
// SIP phone routed on AGENT_SIP_DOMAIN; locally the simulator answers any `sip:agent-…`).
export function agentAddressFor(env: Pick<Env, "AGENT_SIP_DOMAIN">, userId: string): string {
  return `sip:agent-${userId}@${env.AGENT_SIP_DOMAIN || "agents.wordisbond.local"}`;
}
