// Live intelligence's stored tasks, as the call's task queue reads them back (rows outlive builds).
import { z } from "zod";
import { callLanguage } from "../../../../domain/languages";

export const startIntelligenceTaskSchema = z.object({ name: z.literal("intelligence-start"), action: z.literal("intelligence.start") });
export const translateTaskSchema = z.object({
  name: z.string().startsWith("translate:"),
  action: z.literal("intelligence.translate"),
  segmentId: z.string().min(1),
  from: callLanguage,
  to: callLanguage,
});
export const summariseTaskSchema = z.object({ name: z.literal("summary"), action: z.literal("intelligence.summarise") });

export type StartIntelligenceTask = z.infer<typeof startIntelligenceTaskSchema>;
export type TranslateTask = z.infer<typeof translateTaskSchema>;
export type SummariseTask = z.infer<typeof summariseTaskSchema>;
export type IntelligenceTask = StartIntelligenceTask | TranslateTask | SummariseTask;


export const intelligenceTaskSchemas = [startIntelligenceTaskSchema, translateTaskSchema, summariseTaskSchema] as const;
