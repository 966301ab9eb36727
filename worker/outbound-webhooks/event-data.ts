// What each outbound event says (its `data`), built from the rows the sources already
// have: one shape per event family, so an account reads the same in account.created,
// account.updated and account.dnc.
import type { WebhookEvent } from "../../db/writers/webhook-records";

export interface AccountFacts {
  id: string;
  organizationId: string;
  externalRef: string | null;
  name: string;
  phones: string[];
  balanceDueCents: number;
  doNotCall: boolean;
  consent: boolean | null;
  updatedAt?: Date;
}

export function accountEvent(type: "account.created" | "account.updated" | "account.dnc", account: AccountFacts, at: Date, extra: Record<string, unknown> = {}): WebhookEvent {
  return {
    organizationId: account.organizationId,
    type,
    // Each change is its own event (a route's transaction runs once): a fresh key, never a clash of two changes in one millisecond.
    dedupeKey: `${type}:${account.id}:${crypto.randomUUID()}`,
    occurredAt: at,
    data: {
      accountId: account.id,
      externalRef: account.externalRef,
      name: account.name,
      phones: account.phones,
      balanceDueCents: account.balanceDueCents,
      doNotCall: account.doNotCall,
      consent: account.consent,
      ...extra,
    },
  };
}

export function campaignEvent(
  type: "campaign.started" | "campaign.paused" | "campaign.resumed" | "campaign.completed",
  campaign: { id: string; organizationId: string; name: string; status: string },
  at: Date,
): WebhookEvent {
  return {
    organizationId: campaign.organizationId,
    type,
    dedupeKey: `${type}:${campaign.id}:${crypto.randomUUID()}`,
    occurredAt: at,
    data: { campaignId: campaign.id, name: campaign.name, status: campaign.status },
  };
}

export function dispositionEvent(
  call: { id: string; organizationId: string; disposition: string | null; dispositionDetails: unknown; accountId: string | null; campaignId: string | null; agentUserId: string | null; annotationVersion: number },
  at: Date,
): WebhookEvent {
  return {
    organizationId: call.organizationId,
    type: "call.disposition",
    // One per save: the version only grows.
    dedupeKey: `call.disposition:${call.id}:${call.annotationVersion}`,
    occurredAt: at,
    data: {
      callId: call.id,
      disposition: call.disposition,
      dispositionDetails: call.dispositionDetails ?? null,
      accountId: call.accountId,
      campaignId: call.campaignId,
      agentUserId: call.agentUserId,
    },
  };
}
