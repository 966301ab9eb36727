// Where the AI agent meets the carrier: which call events are inputs to the turn machine
// (all on the customer's leg: answered, the final transcript of the customer's own track,
// speak ended, bridged, hang-up) and which of its effects are carrier commands (speak,
// playback_stop, transcription_start of the inbound track). Pure; the call feature that
// sends them through the durable task runner is the next step (objects/README.md).
import { isKnownEvent, type CarrierEvent } from "../../carrier-event";
import type { AiEffect, AiInput } from "./ai-types";

export type AiCarrierCommand = { action: "speak"; text: string } | { action: "playback_stop" } | { action: "transcription_start"; tracks: "inbound" };

/**
 * The machine's input for a call event, or null when the AI does not act on it. A call the
 * AI starts on a person (a campaign's: startsOnHuman) begins when answering-machine
 * detection says a person (or is not sure), never for a machine, which gets the voicemail.
 */
export function aiInputOf(event: CarrierEvent, startsOnHuman = false): AiInput | null {
  if (!isKnownEvent(event) || event.leg !== "customer") return null;
  const atMs = event.occurredAtMs;
  switch (event.type) {
    case "call.answered":
      return startsOnHuman ? null : { type: "answered", atMs };
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended":
      return startsOnHuman && (event.amdResult === "human" || event.amdResult === "not_sure") ? { type: "answered", atMs } : null;
    case "call.transcription":
      // The customer leg's inbound track is the customer; outbound is our own speech read back.
      return event.transcript && event.transcript.track === "inbound" ? { type: "caller_speech", text: event.transcript.text, isFinal: true, atMs } : null;
    case "call.speak.ended":
      return { type: "speak_ended", atMs };
    case "call.bridged":
      return { type: "bridged", atMs };
    case "call.hangup":
      return { type: "hangup", atMs };
    default:
      return null;
  }
}

/** The carrier commands among the machine's effects, in order. */
export function carrierCommandsOf(effects: readonly AiEffect[]): AiCarrierCommand[] {
  return effects.flatMap((effect): AiCarrierCommand[] => {
    switch (effect.type) {
      case "speak":
        return [{ action: "speak", text: effect.text }];
      case "playback_stop":
        return [{ action: "playback_stop" }];
      case "transcription_start":
        return [{ action: "transcription_start", tracks: "inbound" }];
      default:
        return [];
    }
  });
}
