// What the agent-pool unit tests share: a preview lead as a campaign offers it.
import type { PreviewOffer } from "../../../../objects/agent-pool/protocol";

export const previewOffer: PreviewOffer = {
  campaignId: "camp-1",
  campaignName: "Spring balances",
  accountId: "acct-9",
  accountName: "Ada Debtor",
  phone: "+15550100009",
  balanceDueCents: 12_345,
  offeredAt: 5_000,
  expiresAt: 305_000,
};
