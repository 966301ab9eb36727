// The intelligence feature on whole calls (the simulator personas' own lines): the view
// the console gets, the events raised once each, and the rows they write.
import { describe, expect, it } from "vitest";
import { newEventRows, toCallView } from "../../../../../../objects/call/call-view";
import type { CarrierEvent } from "../../../../../../objects/call/carrier-event";
import { intelligence } from "../../../../../../objects/call/features/intelligence";
import { foldCall } from "../../../../../../objects/call/machine";
import type { CallSituation } from "../../../../../../objects/call/features/feature";
import { intelligenceStarted } from "../../../../../../objects/call/local-events";
import { DEFAULT_INTELLIGENCE_SETTINGS } from "../../../../../../domain/intelligence-settings";
import { event, said, spec, T0 } from "../../events";

const callSpec = spec({ accountId: "33333333-3333-4333-8333-333333333333" });

/** The actor's loop in miniature: each pass adds the feature's due events to the inbox. */
function passOver(events: CarrierEvent[]): { events: CarrierEvent[]; raised: CarrierEvent[] } {
  let all = [...events];
  const raised: CarrierEvent[] = [];
  for (let pass = 0; pass < 3; pass++) {
    const situation: CallSituation = { spec: callSpec, record: foldCall(callSpec, all), events: all, nowMs: T0, tasks: { state: () => null, lastDoneAtMs: () => null } };
    const due = intelligence.dueEvents!(situation);
    // As the actor's inbox does: an added event makes a new array.
    all = [...all, ...due];
    raised.push(...due);
  }
  return { events: all, raised };
}

const answered = [event("call.initiated", 0), event("call.answered", 2)];

describe("intelligence feature", () => {
  it("the angry persona: a cease-contact alert once, however often it is said, with its alert row", () => {
    const lines = [
      said(3, "What?"),
      said(6, "You people called me three times this week. Stop calling me!"),
      said(10, "I'm sorry about that. Is there a better time to reach you?", "outbound"),
      said(15, "No. Do not call this number again. Put it in writing."),
    ];
    const first = passOver([...answered, ...lines.slice(0, 2)]);
    const alerts = first.raised.filter((e) => e.type === "wib.intelligence.alert");
    expect(alerts.map((e) => e.id)).toEqual(["wib.intelligence.alert:cease_contact"]);
    const later = passOver([...first.events, ...lines.slice(2)]);
    expect(later.raised.filter((e) => e.id === "wib.intelligence.alert:cease_contact")).toEqual([]);

    const view = toCallView(callSpec, foldCall(callSpec, later.events));
    expect(view.intelligence?.alerts.map((a) => a.rule)).toContain("cease_contact");
    expect(view.intelligence?.objections.map((o) => o.kind)).toEqual(["stop_calling", "stop_calling"]);
    expect(view.intelligence?.sentiment?.score).toBeLessThan(0);
    expect(view.timeline.map((t) => t.text)).toContain("Supervisor alert: The customer asked us to stop calling: “You people called me three times this week. Stop calling me!”");
    // Before the call read its settings (the start task) nothing is translated; translation-feature.test.ts runs the rest.
    expect(view.intelligence?.translation).toMatchObject({ available: false, message: "Translation starts with the call's first words.", lines: [] });

    const rows = newEventRows(callSpec, alerts[0]!, null);
    expect(rows.map((r) => r.row.table)).toEqual(["event", "alert"]);
  });

  it("the Spanish persona is detected as Spanish within its first three segments, and the account follows", () => {
    const lines = [said(3, "¿Bueno?"), said(5, "¿Bueno? ¿Hay alguien ahí?"), said(8, "Sí, soy yo. ¿De qué se trata?")];
    const { raised, events } = passOver([...answered, ...lines]);
    const detected = raised.filter((e) => e.type === "wib.language.detected");
    expect(detected.map((e) => e.id)).toEqual(["wib.language.detected:es"]);
    const rows = newEventRows(callSpec, detected[0]!, null);
    expect(rows.find((r) => r.row.table === "account_language")?.row.row).toMatchObject({ accountId: callSpec.accountId, language: "es" });
    const view = toCallView(callSpec, foldCall(callSpec, events));
    expect(view.intelligence?.language).toEqual({ language: "es", share: expect.any(Number), confident: true, rightToLeft: false, source: "offline", confidence: expect.any(Number) });
  });

  it("one short word never decides the language, and a call without an account writes no account row", () => {
    expect(passOver([...answered, said(3, "Hello?")]).raised).toEqual([]);
    const noAccount = spec();
    const arabic = passOver([...answered, said(3, "نعم، أنا. ما الموضوع؟"), said(6, "أستطيع الدفع يوم الجمعة عندما أستلم راتبي.")]);
    const detected = arabic.raised.find((e) => e.type === "wib.language.detected")!;
    expect(newEventRows(noAccount, detected, null).map((r) => r.row.table)).toEqual(["event"]);
    expect(toCallView(noAccount, foldCall(noAccount, arabic.events)).intelligence?.language?.rightToLeft).toBe(true);
  });

  it("each stored segment row carries the language it was said in", () => {
    const line = said(4, "Ce montant-là est faux. J'ai déjà payé la moitié en février.");
    const segment = newEventRows(callSpec, line, null).find((r) => r.row.table === "segment");
    expect(segment?.row.row).toMatchObject({ language: "fr", track: "inbound" });
  });

  it("matches the organisation's own phrases from the call's settings: any case, whole words only, alerting once while the customer is upset", () => {
    const started = intelligenceStarted(T0 + 1_000, { ...DEFAULT_INTELLIGENCE_SETTINGS, objectionPhrases: ["Late Fee", "bankrupt"], model: { configured: false, name: null, simulated: false } });
    const lines = [
      said(3, "I got your feedback form and a coffee voucher, thanks."),
      said(6, "Why is there a LATE FEE on this? This is ridiculous, I hate this."),
      said(9, "Another late fee! You are ruining me, this is awful."),
      said(12, "I'm not bankrupt, just angry. The bankruptcy rumours are false."),
    ];
    const { raised, events } = passOver([...answered, started, ...lines]);
    const view = toCallView(callSpec, foldCall(callSpec, events));
    expect(view.intelligence?.objections.map((o) => [o.kind, o.segmentId])).toEqual([
      ["org:late fee", lines[1]!.id],
      ["org:late fee", lines[2]!.id],
    ]);
    const orgAlerts = raised.filter((e) => e.id.startsWith("wib.intelligence.alert:objection:org:"));
    expect(orgAlerts.map((e) => e.id)).toEqual(["wib.intelligence.alert:objection:org:late fee"]);

    // Before the settings are read (no start event), the same words are no objection.
    const unread = passOver([...answered, ...lines]);
    expect(toCallView(callSpec, foldCall(callSpec, unread.events)).intelligence?.objections).toEqual([]);
  });
});
