// The retention policy's rules as plain code: when each kind is due, and the days a
// policy may hold (a recording or transcript never outlives its call record).
import { describe, expect, it } from "vitest";
import { readRetentionPolicy, retentionCutoffs, retentionPolicy, DEFAULT_RETENTION_POLICY } from "../../../domain/retention";

const NOW = new Date("2026-12-06T04:00:00Z");

describe("retention policy", () => {
  it("makes a kind due only when the policy gives it days, counting back whole days from now", () => {
    const cutoffs = retentionCutoffs({ recordingsDays: 30, transcriptsDays: null, callRecordsDays: null, paymentMetadataDays: 1 }, NOW);
    expect(cutoffs).toEqual({ recordings: new Date("2026-11-06T04:00:00Z"), paymentMetadata: new Date("2026-12-05T04:00:00Z") });
    expect(retentionCutoffs(DEFAULT_RETENTION_POLICY, NOW)).toEqual({});
  });

  it("refuses a recording or transcript kept longer than its call record, naming the field", () => {
    const parsed = retentionPolicy.safeParse({ recordingsDays: 400, transcriptsDays: 90, callRecordsDays: 365, paymentMetadataDays: null });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.path.join("."))).toEqual(["recordingsDays"]);
    expect(retentionPolicy.safeParse({ recordingsDays: 365, transcriptsDays: 365, callRecordsDays: 365, paymentMetadataDays: null }).success).toBe(true);
  });

  it("reads a stored policy that no longer parses as keeping everything", () => {
    expect(readRetentionPolicy({ recordingsDays: -3 })).toEqual(DEFAULT_RETENTION_POLICY);
    expect(readRetentionPolicy(undefined)).toEqual(DEFAULT_RETENTION_POLICY);
  });
});
