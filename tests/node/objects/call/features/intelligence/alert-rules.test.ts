// Each alert rule fires exactly once per call, at the segment that met it.
import { describe, expect, it } from "vitest";
import { alertConditions, type ScoredSegment } from "../../../../../../objects/call/features/intelligence/alert-rules";

let n = 0;
const segment = (sentiment: number, objections: ScoredSegment["objections"] = [], windowScore = sentiment): ScoredSegment => ({ id: `s${++n}`, atMs: n * 1000, text: `line ${n}`, sentiment, windowScore, objections });

describe("alert rules", () => {
  it("low sentiment: three customer segments in a row under the threshold, once", () => {
    const segments = [segment(-0.5), segment(-0.6), segment(0.2), segment(-0.4), segment(-0.5), segment(-0.7), segment(-0.8), segment(-0.9)];
    const alerts = alertConditions(segments);
    expect(alerts.map((a) => a.rule)).toEqual(["low_sentiment"]);
    expect(alerts[0]?.segmentId).toBe(segments[5]?.id);
  });

  it("two negative segments, or three broken by a calm one, raise nothing", () => {
    expect(alertConditions([segment(-0.5), segment(-0.6), segment(0), segment(-0.6), segment(-0.7)])).toEqual([]);
  });

  it("stop calling is a cease-contact alert whatever the mood, once however often it is said", () => {
    const stop = [{ kind: "stop_calling" as const, phrase: "stop calling" }];
    const alerts = alertConditions([segment(0.3, stop), segment(-0.1, stop), segment(0.5, stop)]);
    expect(alerts.map((a) => a.key)).toEqual(["cease_contact"]);
    expect(alerts[0]?.message).toContain("stop calling");
  });

  it("a lawyer or a lawsuit is one legal-threat alert", () => {
    const alerts = alertConditions([segment(0, [{ kind: "lawyer", phrase: "lawyer" }]), segment(0, [{ kind: "lawsuit", phrase: "sue" }])]);
    expect(alerts.map((a) => a.key)).toEqual(["legal_threat"]);
  });

  it("an objection alerts only while the window is under −0.3, once per kind", () => {
    const afford = [{ kind: "cant_afford" as const, phrase: "can't afford" }];
    const calm = alertConditions([segment(-0.25, afford, -0.1)]);
    expect(calm).toEqual([]);
    const upset = alertConditions([segment(-0.25, afford, -0.1), segment(-0.6, afford, -0.45), segment(-0.6, afford, -0.5), segment(-0.6, [{ kind: "unfair", phrase: "unfair" }], -0.5)]);
    expect(upset.filter((a) => a.rule === "objection").map((a) => a.key)).toEqual(["objection:cant_afford", "objection:unfair"]);
  });
});
