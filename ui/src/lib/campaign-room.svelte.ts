// CampaignRoom: the supervisor console's live, read-only link to one CampaignActor room
// (`<orgId>:<campaignId>`). Exposes the latest snapshot, the calls' alerts pushed since, and the server's clock offset (the
// socket, frame reading, link state and refusals live in RoomConnection).
// Pause, resume and stop go through the audited REST API, never through this socket.
import {
  campaignRoomName,
  campaignServerMessage,
  type CampaignCallAlert,
  type CampaignServerMessage,
  type CampaignSnapshot,
} from "$protocol/campaign/protocol";
import { RoomConnection, type RoomLinkState } from "./room-connection.svelte";

export type CampaignLinkState = RoomLinkState;

export class CampaignRoom extends RoomConnection<CampaignServerMessage> {
  readonly campaignId: string;
  /** The campaign as of the last snapshot; replaced whole on every change (never mutated). */
  snapshot = $state.raw<CampaignSnapshot | null>(null);
  /**
   * serverNow − Date.now() when the last snapshot arrived: add it to this browser's clock to
   * read the server's, so "time in state" is right despite skew.
   */
  clockOffsetMs = $state(0);
  /** The calls' alerts pushed as they were raised (the feed merges them with the snapshot's). */
  pushedCallAlerts = $state.raw<CampaignCallAlert[]>([]);

  constructor(organizationId: string, campaignId: string) {
    super({
      name: "CampaignRoom",
      messageName: "CampaignServerMessage",
      party: "campaign-actor",
      room: campaignRoomName(organizationId, campaignId),
      schema: campaignServerMessage,
      refusals: { forbidden: "You cannot watch this campaign.", not_found: "This campaign was not found." },
    });
    this.campaignId = campaignId;
  }

  /** This browser's clock on the server's time line. */
  serverTime(localNowMs: number): number {
    return localNowMs + this.clockOffsetMs;
  }

  protected override receive(message: CampaignServerMessage): void {
    switch (message.type) {
      case "snapshot":
        this.clockOffsetMs = message.snapshot.serverNow - Date.now();
        this.snapshot = message.snapshot;
        return;
      case "call_alert":
        this.pushedCallAlerts = [message.alert, ...this.pushedCallAlerts].slice(0, 50);
        return;
      case "error":
        this.receiveError(message);
        return;
      default:
        this.unhandled(message);
    }
  }
}
