// A fabricated CampaignSnapshot for the console's pure modules: the actor is not needed to
// test what the room derives from what it sends. Checked against the protocol's own schema.
import { campaignSnapshot, type CampaignSnapshot } from "../../../objects/campaign/protocol";

const NOW = Date.UTC(2026, 4, 4, 15, 0, 0);

type SnapshotOverrides = Partial<Omit<CampaignSnapshot, "stats">> & { stats?: Partial<CampaignSnapshot["stats"]> };

export function fabricatedSnapshot(overrides: SnapshotOverrides = {}): CampaignSnapshot {
  const { stats, ...rest } = overrides;
  return campaignSnapshot.parse({
    campaign: { id: "c1", name: "Spring collections", status: "running", pacingMode: "predictive", abandonCapPercent: 3 },
    stats: {
      queueLeft: 1200,
      dialsToday: 800,
      conversationsToday: 120,
      answerRate: 0.18,
      ahtSeconds: 300,
      dialLevel: 1.8,
      linesInUse: 18,
      maxLines: 50,
      abandonToday: { liveAnswered: 140, abandoned: 3, rate: 3 / 140 },
      abandon30d: { liveAnswered: 4000, abandoned: 80, rate: 0.02 },
      abandonCapPercent: 3,
      skipsToday: { reg_f_7_in_7: 4, outside_calling_window: 12, something_new: 1, dnc_org: 0 },
      pacing: "2 dials: 3 free, 0.9 more expected within 18 s",
      ...stats,
    },
    agents: [
      { userId: "u1", name: "Ana", state: "available", since: NOW - 30_000, callId: null, preview: null },
      { userId: "u2", name: "Ben", state: "on_call", since: NOW - 120_000, callId: "call-1", preview: null },
      { userId: "u3", name: "Cai", state: "available", since: NOW - 90_000, callId: null, preview: null },
      { userId: "u4", name: "Dee", state: "wrap_up", since: NOW - 10_000, callId: "call-0", preview: null },
      { userId: "u5", name: "Eve", state: "offline", since: NOW - 3_600_000, callId: null, preview: null },
      { userId: "u6", name: "Fay", state: "break", since: NOW - 300_000, callId: null, preview: null },
      { userId: "u7", name: "Gus", state: "on_call", since: NOW - 45_000, callId: "call-2", preview: null },
      { userId: "u8", name: "Hal", state: "available", since: NOW - 5_000, callId: null, preview: null },
      { userId: "u9", name: "Ivy", state: "on_call", since: NOW - 200_000, callId: "call-3", preview: null },
      { userId: "u10", name: "Jo", state: "available", since: NOW - 1_000, callId: null, preview: null },
    ],
    calls: [
      { callId: "call-1", accountId: "a1", accountName: "R. Diaz", phone: "+15550100001", phase: "connected", since: NOW - 120_000, agentUserId: "u2" },
      { callId: "call-9", accountId: "a9", accountName: "M. Okafor", phone: "+15550100009", phase: "ringing", since: NOW - 4_000, agentUserId: null },
    ],
    history: Array.from({ length: 60 }, (_, i) => ({
      at: NOW - (59 - i) * 60_000,
      dialLevel: 1.5 + (i % 5) / 10,
      answerRate: 0.18,
      abandonRate30d: 0.02,
      agentsOnCall: 3 + (i % 4),
      callsInFlight: 10,
    })),
    alerts: [],
    callAlerts: [],
    serverNow: NOW,
    ...rest,
  });
}

export const FIXTURE_NOW = NOW;
