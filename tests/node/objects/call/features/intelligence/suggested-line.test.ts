// The line suggested to the agent (assist only) as the call's view carries it: an
// objection on the customer's latest line gets that objection's scripted answer, a mood
// that drops gets a calming line, a calm call gets none, and an ended call none either.
import { describe, expect, it } from "vitest";
import { toCallView } from "../../../../../../objects/call/call-view";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import { CALMING_LINE, DEESCALATION_SCRIPT } from "../../../../../../objects/call/features/intelligence/suggested-line";
import { foldCall } from "../../../../../../objects/call/machine";
import { event, hangup, said, spec } from "../../events";

const callSpec = spec();
const answered = [event("call.initiated", 0), event("call.answered", 2)];
const suggestionOn = (events: CarrierEvent[]) => toCallView(callSpec, foldCall(callSpec, [...answered, ...events]), undefined, "agent").intelligence!.suggestion;

describe("the suggested line", () => {
  it("answers an objection on the customer's latest line with its own scripted line, which notes a request to stop calling", () => {
    const stop = said(6, "You people called me three times this week. Stop calling me!");
    expect(suggestionOn([said(3, "Hello?"), stop])).toEqual({ text: DEESCALATION_SCRIPT.stop_calling, reason: "objection", objection: "stop_calling", segmentId: stop.id, source: "script", model: null });
    expect(DEESCALATION_SCRIPT.stop_calling).toMatch(/noting your request that we stop calling/);
    // In Spanish too: the objection lexicon of the customer's language finds it.
    expect(suggestionOn([said(3, "No puedo pagar, no tengo dinero este mes.")])).toMatchObject({ reason: "objection", objection: "cant_afford" });
  });

  it("offers a calming line when the mood drops without an objection, and nothing on a calm call", () => {
    const angry = [said(3, "This is terrible. I hate this and I'm so angry."), said(8, "Awful, just awful, I'm furious.")];
    expect(suggestionOn(angry)).toMatchObject({ text: CALMING_LINE, reason: "sentiment", objection: null, segmentId: angry[1]!.id });
    expect(suggestionOn([said(3, "Thank you, that's great, I really appreciate it.")])).toBeNull();
    // The agent's own words never call for one.
    expect(suggestionOn([said(3, "Thanks for taking my call.", "inbound"), said(5, "I can't afford to lose this customer.", "outbound")])).toBeNull();
  });

  it("moves on with the customer: once they calm down there is no objection left to answer", () => {
    const objection = said(3, "I already paid this last month.");
    expect(suggestionOn([objection])).toMatchObject({ objection: "already_paid" });
    expect(suggestionOn([objection, said(9, "Oh right, thank you, that's great, I appreciate it.")])).toBeNull();
  });

  it("is gone once the call has ended: there is nobody to say it to", () => {
    expect(suggestionOn([said(6, "Stop calling me!"), hangup(9, "normal_clearing")])).toBeNull();
  });
});
