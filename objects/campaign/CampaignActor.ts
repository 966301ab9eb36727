// CampaignActor: one per campaign (room `<orgId>:<campaignId>`). Being built: the RPC
// surface below is the contract the API uses.
import { Server } from "partyserver";
import type { CampaignCallOutcome, CampaignCallPhase, CampaignConfig, CampaignSnapshot, Disposition } from "./protocol";
import type { DispositionDetails } from "../../worker/db/schema";

export interface DispositionNotice {
  callId: string;
  accountId: string;
  disposition: Disposition;
  details: DispositionDetails | null;
}

export class CampaignActor extends Server<Env> {
  static override options = { hibernate: true };

  /** Starts or resumes dialling with this configuration (loads the lead queue on first start). */
  async start(_config: CampaignConfig): Promise<CampaignSnapshot> {
    throw new Error("CampaignActor.start is not built yet");
  }
  /** Stops new dials; calls in flight finish. */
  async pause(): Promise<CampaignSnapshot> {
    throw new Error("CampaignActor.pause is not built yet");
  }
  /** Ends the campaign for good: no new dials; calls in flight finish. */
  async stop(): Promise<CampaignSnapshot> {
    throw new Error("CampaignActor.stop is not built yet");
  }
  /** New settings while running or paused (pacing, cap, window, scripts, agents). */
  async configure(_config: CampaignConfig): Promise<void> {
    throw new Error("CampaignActor.configure is not built yet");
  }
  async snapshot(): Promise<CampaignSnapshot | null> {
    throw new Error("CampaignActor.snapshot is not built yet");
  }
  /** An agent's disposition of a campaign call feeds the queue (callback time, wrong number, …). */
  async dispositionSet(_notice: DispositionNotice): Promise<void> {
    throw new Error("CampaignActor.dispositionSet is not built yet");
  }
  /** A campaign call moved to a new phase. */
  async callPhase(_callId: string, _phase: CampaignCallPhase, _atMs: number): Promise<void> {
    throw new Error("CampaignActor.callPhase is not built yet");
  }
  /** A campaign call ended. */
  async callResolved(_outcome: CampaignCallOutcome): Promise<void> {
    throw new Error("CampaignActor.callResolved is not built yet");
  }
}
