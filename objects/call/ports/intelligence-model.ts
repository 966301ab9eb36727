// Live intelligence's real port: the call's settings read by a RecordWriter (its kept
// read connection; a call opens none of its own), and translation and the summary over
// the engine's model client. Without a model the client throws ModelNotConfiguredError,
// which the feature turns into the plain message the console shows.
import { recordWriterName } from "../../record-writer/shard";
import { createModelClient, modelConfigFrom, type ModelClient } from "../../shared/model";
import { modelWriter } from "../features/intelligence/model-writer";
import type { IntelligencePort } from "../features/intelligence/translator";

/** A translation is one short line: a model slower than this is not live any more. */
const TRANSLATION_WHOLE_MS = 10_000;

export function modelIntelligence(env: Env, organizationId: string, now: () => number): IntelligencePort {
  let client: ModelClient | undefined;
  const model = () => (client ??= createModelClient(modelConfigFrom(env), { timeouts: { wholeMs: TRANSLATION_WHOLE_MS } }));
  return {
    settings: async (orgId, campaignId) => {
      const loaded = await env.RecordWriter.get(env.RecordWriter.idFromName(recordWriterName(organizationId))).callIntelligenceSettings(orgId, campaignId);
      return { translation: loaded.campaignTranslation ?? loaded.organization.translation, objectionPhrases: loaded.organization.objectionPhrases };
    },
    model: () => {
      const config = model().config;
      return { configured: config !== null, name: config?.model ?? null, simulated: config?.simulated ?? false };
    },
    translate: (request) => modelWriter(model(), now).translate(request),
    summarise: (request) => modelWriter(model(), now).summarise(request),
    suggest: (request, deadlineMs) => modelWriter(model(), now).suggest(request, deadlineMs),
    scoreSentiment: (request, deadlineMs) => modelWriter(model(), now).scoreSentiment(request, deadlineMs),
    suggestDisposition: (request) => modelWriter(model(), now).suggestDisposition(request),
    detectLanguage: (request, deadlineMs) => modelWriter(model(), now).detectLanguage(request, deadlineMs),
  };
}
