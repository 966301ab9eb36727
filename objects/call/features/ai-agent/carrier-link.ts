// Where the AI agent meets the carrier: which call events are inputs to the turn machine
// (all on the customer's leg: answered, once any recording disclosure owed has ended; the
// final transcript of the customer's own track, speak ended, bridged, hang-up) and which of its effects are carrier commands (speak,
// playback_stop, transcription_start of the inbound track). Pure; the call feature that
// sends them through the durable task runner is the next step (objects/README.md).
import { isKnownEvent, LOCAL_EVENTS, type CarrierEvent } from "../../carrier-event";
import type { AiEffect, AiInput } from "./ai-types";

export type AiCarrierCommand = { action: "speak"; text: string } | { action: "playback_stop" } | { action: "transcription_start"; tracks: "inbound" };

/**
 * The event that lets the AI begin: a person is on the line (the answer; for a call the AI
 * starts on a person, a campaign's, answering-machine detection saying a person or not
 * sure, never a machine, which gets the voicemail) and, on a call that owes the recording
 * disclosure (an all-party-consent state), that disclosure has ended: whichever of the two
 * came last in the inbox. So the caller hears the recording disclosure first, then the
 * AI's automated-agent and debt-collection disclosures, which the recording then holds
 * as proof they were said. Null: not yet.
 */
export function aiStartEventId(events: readonly CarrierEvent[], startsOnHuman: boolean, disclosureOwed: boolean): string | null {
  let personOnTheLine = false;
  let disclosed = !disclosureOwed;
  for (const event of events) {
    if (!isKnownEvent(event) || event.leg !== "customer") continue;
    if (!personOnTheLine && personAnswered(event, startsOnHuman)) personOnTheLine = true;
    else if (!disclosed && event.type === LOCAL_EVENTS.recordingDisclosurePlayed) disclosed = true;
    else continue;
    if (personOnTheLine && disclosed) return event.id;
  }
  return null;
}

function personAnswered(event: CarrierEvent, startsOnHuman: boolean): boolean {
  if (!isKnownEvent(event)) return false;
  if (event.type === "call.answered") return !startsOnHuman;
  if (event.type === "call.machine.detection.ended" || event.type === "call.machine.premium.detection.ended") {
    return startsOnHuman && (event.amdResult === "human" || event.amdResult === "not_sure");
  }
  return false;
}

/**
 * The machine's input for a call event, or null when the AI does not act on it. `answered`
 * is the start event's alone (aiStartEventId); without one given, the answer (or AMD's
 * person, startsOnHuman) is, as on a call that owes no recording disclosure.
 */
export function aiInputOf(event: CarrierEvent, startsOnHuman = false, startEventId?: string | null): AiInput | null {
  if (!isKnownEvent(event) || event.leg !== "customer") return null;
  const atMs = event.occurredAtMs;
  switch (event.type) {
    case "call.answered":
    case "call.machine.detection.ended":
    case "call.machine.premium.detection.ended":
    case LOCAL_EVENTS.recordingDisclosurePlayed: {
      const starts = startEventId === undefined ? personAnswered(event, startsOnHuman) : event.id === startEventId;
      return starts ? { type: "answered", atMs } : null;
    }
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
