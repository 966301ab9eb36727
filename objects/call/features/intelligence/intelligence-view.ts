// What the console is told of translation and the summary: whether translation runs on
// this call and why not (no model, turned off, settings not read yet), the lines
// delivered so far in the order said, which model wrote them (a simulator says so), and
// the summary or why there is none. Pure, from the call record.
import { LANGUAGE_NAMES } from "../../../../domain/intelligence-settings";
import { isCallLanguage } from "../../../../domain/languages";
import type { CallIntelligenceView } from "../../protocol";
import { translationInForce, type IntelligenceRecord } from "./intelligence-record";
import { TRANSLATION_NEEDS_MODEL } from "./translator";

const SIMULATOR_NOTE = " (the model simulator: scripted translations, not a real model)";

export function translationView(state: IntelligenceRecord): CallIntelligenceView["translation"] {
  const settings = translationInForce(state);
  const lines = state.delivered.map(({ segmentId, from, to, text, model, latencyMs, error }) => ({ segmentId, from, to, text, model, latencyMs, error }));
  const model = state.started?.model ?? null;
  const common = { settings, model: model?.name ?? null, simulated: model?.simulated ?? false, lines };
  if (!state.started || !settings) return { available: false, message: "Translation starts with the call's first words.", ...common };
  if (!state.started.model.configured) return { available: false, message: TRANSLATION_NEEDS_MODEL, ...common };
  if (!settings.enabled) return { available: false, message: "Translation is off for this call.", ...common };
  const into = isCallLanguage(settings.to) ? LANGUAGE_NAMES[settings.to] : settings.to;
  return { available: true, message: `Translating into ${into} with ${state.started.model.name ?? "the model"}${state.started.model.simulated ? SIMULATOR_NOTE : ""}.`, ...common };
}

export function summaryView(state: IntelligenceRecord): CallIntelligenceView["summary"] {
  const summary = state.summary;
  if (!summary) return null;
  const at = new Date(summary.atMs).toISOString();
  return summary.kind === "written"
    ? { text: summary.summary.text, model: summary.summary.model, message: null, at }
    : { text: null, model: null, message: `No summary: ${summary.reason}`, at };
}
