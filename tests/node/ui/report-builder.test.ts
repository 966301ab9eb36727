// The console's report builder and evaluation form turn what was typed into what the API
// takes: values typed by their field (a number filter sends a number, "in" a list), no
// measures without a group-by, and an evaluation's unanswered questions left out so the API
// names them.
import { describe, expect, it } from "vitest";
import { emptyAnswers, toAnswers } from "../../../ui/src/lib/evaluation-form";
import { definitionOf, stateOf, type BuilderState } from "../../../ui/src/lib/report-builder";
import { evaluationSections } from "../../../domain/qa-form";
import { reportDefinition } from "../../../domain/report-definition";

const state: BuilderState = {
  dataset: "calls",
  filters: [
    { field: "talkSeconds", op: "gte", value: "60" },
    { field: "outcome", op: "in", value: "connected, machine" },
    { field: "abandoned", op: "eq", value: "false" },
    { field: "disposition", op: "is_null", value: "ignored" },
  ],
  groupBy: ["teamName"],
  measures: [{ fn: "count", field: "" }, { fn: "avg", field: "talkSeconds" }],
  sortBy: "count",
  sortDirection: "desc",
};

describe("the report builder's definition", () => {
  it("types each filter value by its field and is a definition the API accepts", () => {
    const definition = definitionOf(state);
    expect(definition.filters).toEqual([
      { field: "talkSeconds", op: "gte", value: 60 },
      { field: "outcome", op: "in", value: ["connected", "machine"] },
      { field: "abandoned", op: "eq", value: false },
      { field: "disposition", op: "is_null" },
    ]);
    expect(definition.measures).toEqual([{ fn: "count" }, { fn: "avg", field: "talkSeconds" }]);
    expect(reportDefinition.safeParse(definition).success).toBe(true);
  });

  it("sends no measures without a group-by, and reads a saved definition back into the same form", () => {
    expect(definitionOf({ ...state, groupBy: [], sortBy: "" }).measures).toEqual([]);
    const again = stateOf(definitionOf(state));
    expect(definitionOf(again)).toEqual(definitionOf(state));
  });
});

describe("the evaluation form's answers", () => {
  const sections = evaluationSections.parse([
    { title: "A", questions: [{ id: "yes", text: "Yes?", kind: "yes_no" }, { id: "scale", text: "How well?", kind: "scale", scaleMax: 5 }, { id: "skipped", text: "Left blank", kind: "yes_no" }] },
  ]);

  it("sends yes/no as booleans, scales as numbers, N/A as null, and leaves the unanswered out", () => {
    const drafts = emptyAnswers(sections);
    drafts.yes = { choice: "no", scale: null, comment: " curt " };
    drafts.scale = { choice: "", scale: 4, comment: "" };
    expect(toAnswers(sections, drafts)).toEqual({ yes: { value: false, comment: "curt" }, scale: { value: 4 } });
    drafts.scale = { choice: "na", scale: 4, comment: "" };
    expect(toAnswers(sections, drafts).scale).toEqual({ value: null });
  });
});
