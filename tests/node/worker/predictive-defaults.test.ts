// Lines per agent by pacing mode: a predictive campaign made or switched with default
// settings lets the pacer dial ahead of the free agents (it decides within the abandon cap);
// a leftover "1 line per agent" would make it progressive.
import { describe, expect, it } from "vitest";
import { decideDials, initialPacingState } from "../../../objects/campaign/pacing";
import { createCampaignBody, editedCampaignSettings, newCampaignSettings, updateCampaignBody } from "../../../worker/campaigns/settings";
import { snapshot } from "../objects/campaign/pacing/snapshot-builder";

/** Six agents free, four on calls, a day well under the cap: the model wants to dial ahead. */
const dialsFor = (maxLinesPerAgent: number) =>
  decideDials(snapshot({ available: 6, onCall: [30, 60, 90, 120], liveAnswered: 1000, abandoned: 10, maxLinesPerAgent }), initialPacingState("predictive")).dials;

describe("lines per agent by pacing mode", () => {
  it("a new predictive campaign with default settings places more than one line per available agent when the model says so", () => {
    const settings = newCampaignSettings(createCampaignBody.parse({ name: "Predictive", pacingMode: "predictive" }));
    expect(settings.maxLinesPerAgent).toBe(5);
    expect(dialsFor(settings.maxLinesPerAgent)).toBeGreaterThan(6);
    // What 1 line per agent would have done: no more dials than free agents.
    expect(dialsFor(1)).toBeLessThanOrEqual(6);
  });

  it("a progressive campaign switched to predictive takes the predictive default, not its 1 line per agent", () => {
    const progressive = newCampaignSettings(createCampaignBody.parse({ name: "Was progressive" }));
    expect(progressive.maxLinesPerAgent).toBe(1);
    const switched = editedCampaignSettings(progressive, updateCampaignBody.parse({ pacingMode: "predictive" }));
    expect(switched.maxLinesPerAgent).toBe(5);
    expect(dialsFor(switched.maxLinesPerAgent)).toBeGreaterThan(6);
  });

  it("progressive and preview dial one line per agent; a number the supervisor names is kept", () => {
    expect(newCampaignSettings(createCampaignBody.parse({ name: "P", pacingMode: "progressive" })).maxLinesPerAgent).toBe(1);
    expect(newCampaignSettings(createCampaignBody.parse({ name: "V", pacingMode: "preview" })).maxLinesPerAgent).toBe(1);
    const predictive = newCampaignSettings(createCampaignBody.parse({ name: "X", pacingMode: "predictive", maxLinesPerAgent: 2 }));
    expect(predictive.maxLinesPerAgent).toBe(2);
    expect(editedCampaignSettings(predictive, updateCampaignBody.parse({ pacingMode: "progressive" })).maxLinesPerAgent).toBe(1);
    expect(editedCampaignSettings(predictive, updateCampaignBody.parse({ name: "Renamed" })).maxLinesPerAgent).toBe(2);
  });
});
