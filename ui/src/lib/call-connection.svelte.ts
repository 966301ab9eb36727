// CallConnection: the console's live, read-only link to one CallActor room (`<orgId>:<callId>`).
// Exposes the call, its transcript and the link state as reactive state (the socket, frame
// reading and refusals live in RoomConnection). Changes to a call go through the API.
import { callServerMessage, type CallServerMessage, type CallView } from "$protocol/call/protocol";
import { isTerminalStatus } from "$domain/call-status";
import type { TranscriptLine } from "$contracts/calls";
import { RoomConnection, type RoomLinkState } from "./room-connection.svelte";
import { mergeTranscript } from "./transcript";

export type CallLinkState = RoomLinkState;

export class CallConnection extends RoomConnection<CallServerMessage> {
  readonly callId: string;
  /** The call as of the last snapshot (or the API's answer until the first snapshot arrives). */
  call = $state<CallView | null>(null);
  /** Final transcript segments, de-duplicated by id, in spoken order. */
  transcript = $state<TranscriptLine[]>([]);

  ended = $derived(this.call !== null && isTerminalStatus(this.call.status));

  constructor(organizationId: string, callId: string, initial?: { call?: CallView; transcript?: readonly TranscriptLine[] }) {
    super({
      name: "CallConnection",
      messageName: "CallServerMessage",
      party: "call-actor",
      room: `${organizationId}:${callId}`,
      schema: callServerMessage,
      refusals: { forbidden: "This call belongs to another agent.", not_found: "This call was not found." },
    });
    this.callId = callId;
    this.call = initial?.call ?? null;
    this.transcript = mergeTranscript([], initial?.transcript ?? []);
  }

  protected override receive(message: CallServerMessage): void {
    switch (message.type) {
      case "call":
        this.call = message.call;
        this.transcript = mergeTranscript(this.transcript, message.transcript);
        return;
      case "transcript":
        if (!this.transcript.some((line) => line.id === message.segment.id)) {
          this.transcript = mergeTranscript(this.transcript, [message.segment]);
        }
        return;
      case "error":
        this.receiveError(message);
        return;
      default:
        this.unhandled(message);
    }
  }
}
