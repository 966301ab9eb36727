// Who hears whom: bridged legs (a bridge may join legs of two call sessions) hear each other; a supervisor's leg
// (a dial with supervise_call_control_id) hears the leg it supervises and everything that
// leg hears, and is heard by nobody (monitor), by the supervised leg alone (whisper), or
// by the supervised leg and its bridge partner (barge). Ended legs hear nothing and are
// heard by nobody. A line said on a leg through the control API (a supervisor's: their
// softphone has no script) reaches exactly the legs that hear it.
import type { Leg } from "./calls.ts";
import type { SimContext } from "./context.ts";
import { emit } from "./events.ts";

const alive = (leg: Leg | undefined): leg is Leg => leg !== undefined && leg.phase !== "ended";

/** For each leg, the call_control_ids of the legs that hear it (pass every leg: bridges cross sessions). */
export function hearsMap(legs: readonly Leg[]): Record<string, string[]> {
  const byId = new Map(legs.map((leg) => [leg.callControlId, leg]));
  const hearers = new Map<string, Set<string>>(legs.map((leg) => [leg.callControlId, new Set<string>()]));
  const partnerOf = (leg: Leg) => {
    const partner = leg.bridgedWith ? byId.get(leg.bridgedWith) : undefined;
    return alive(partner) ? partner : undefined;
  };
  // The parties: each hears the leg it is bridged with.
  for (const leg of legs.filter(alive)) {
    const partner = partnerOf(leg);
    if (partner) hearers.get(leg.callControlId)!.add(partner.callControlId);
  }
  // A supervisor is heard as their role says, once their phone answered.
  const supervisors = legs.filter((leg) => alive(leg) && leg.phase === "answered" && leg.supervising && alive(byId.get(leg.supervising.callControlId)));
  for (const supervisor of supervisors) {
    const supervised = byId.get(supervisor.supervising!.callControlId)!;
    const heardBy = hearers.get(supervisor.callControlId)!;
    if (supervisor.supervising!.role !== "monitor") heardBy.add(supervised.callControlId);
    const partner = partnerOf(supervised);
    if (supervisor.supervising!.role === "barge" && partner) heardBy.add(partner.callControlId);
  }
  // ...and hears the supervised leg and everything it hears (the customer, a barging colleague).
  for (const supervisor of supervisors) {
    const supervisedId = supervisor.supervising!.callControlId;
    for (const [speakerId, heardBy] of hearers) {
      if (speakerId === supervisor.callControlId || !alive(byId.get(speakerId))) continue;
      if (speakerId === supervisedId || heardBy.has(supervisedId)) heardBy.add(supervisor.callControlId);
    }
  }
  return Object.fromEntries([...hearers].map(([id, heardBy]) => [id, [...heardBy].sort()]));
}

/**
 * `leg` says `text`: the leg itself, transcribing what it hears from its far end (its
 * inbound track), reports it as a call.transcription; each leg that hears it notes the
 * line, and one transcribing what it is sent (its outbound track) reports it too. Returns
 * who heard it.
 */
export function sayOnLeg(ctx: SimContext, leg: Leg, text: string): string[] {
  const heardBy = hearsMap(ctx.calls.all())[leg.callControlId] ?? [];
  const nowMs = ctx.scheduler.now();
  if (leg.transcriptionTracks?.includes("inbound")) {
    emit(ctx, leg, "call.transcription", { transcription_data: { transcript: text, confidence: 0.95, is_final: true, transcription_track: "inbound" } });
  }
  for (const hearerId of heardBy) {
    const hearer = ctx.calls.get(hearerId)!;
    hearer.heardLines.push({ fromCallControlId: leg.callControlId, text, atMs: nowMs });
    if (hearer.transcriptionTracks?.includes("outbound")) {
      emit(ctx, hearer, "call.transcription", { transcription_data: { transcript: text, confidence: 0.95, is_final: true, transcription_track: "outbound" } });
    }
  }
  return heardBy;
}
