// A fake of live intelligence's port (objects/call/features/intelligence/translator.ts):
// the settings a call starts with, and a model that answers translations and summaries as
// the test scripts (or fails, or is not configured), on the test's clock.
import type { FakeClock } from "./fake-ports";
import { DEFAULT_INTELLIGENCE_SETTINGS, type TranslationSettings } from "../../../../domain/intelligence-settings";
import { ModelNotConfiguredError } from "../../../../objects/shared/model";
import type { IntelligencePort, SuggestionRequest, SummaryRequest, TranslationRequest } from "../../../../objects/call/features/intelligence/translator";
import type { ModelSentimentAnswer, ModelSentimentRequest } from "../../../../objects/call/features/intelligence/model-sentiment";
import type { Disposition } from "../../../../domain/dispositions";
import { detectSegmentLanguage } from "../../../../objects/call/features/intelligence/language-detection";
import type { LanguageRequest, ModelLanguageAnswer } from "../../../../objects/call/features/intelligence/model-language";

export class FakeIntelligence implements IntelligencePort {
  translation: TranslationSettings = DEFAULT_INTELLIGENCE_SETTINGS.translation;
  objectionPhrases: string[] = [];
  configured = true;
  /** Failures the next translations throw, in turn. */
  translationFailures: Error[] = [];
  /** Segments whose translations fail this many more times. */
  readonly failingSegments = new Map<string, number>();
  /** How long each translation takes on the fake clock. */
  translationMs = 120;
  readonly translated: TranslationRequest[] = [];
  readonly summarised: SummaryRequest[] = [];
  readonly suggested: SuggestionRequest[] = [];
  /** How long each suggestion takes on the fake clock; past the deadline it rejects as a timed-out request would. */
  suggestionMs = 200;
  /** Failures the next suggestions throw, in turn. */
  suggestionFailures: Error[] = [];

  readonly sentimentAsked: ModelSentimentRequest[] = [];
  /** What the next sentiment readings answer, in turn (then a calm 0.2); an Error is thrown. */
  sentimentAnswers: (ModelSentimentAnswer | Error)[] = [];
  /** How long each reading takes on the fake clock; past the deadline it rejects as a timed-out request would. */
  sentimentMs = 150;
  readonly dispositionAsked: SummaryRequest[] = [];
  /** What the disposition request answers (or throws). */
  dispositionAnswer: { disposition: Disposition; reason: string } | Error = { disposition: "promise_to_pay", reason: "promised Friday" };

  readonly languageAsked: LanguageRequest[] = [];
  /** What the next language readings answer, in turn (then the offline library's language at 0.9, so other tests' calls keep theirs); an Error is thrown. */
  languageAnswers: (ModelLanguageAnswer | Error)[] = [];
  /** How long each reading takes on the fake clock; past the deadline it rejects as a timed-out request would. */
  languageMs = 100;

  constructor(private readonly clock: FakeClock) {}

  async detectLanguage(request: LanguageRequest, deadlineMs: number) {
    this.languageAsked.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    this.clock.advance(Math.min(this.languageMs, deadlineMs));
    if (this.languageMs >= deadlineMs) throw new Error("The request was cancelled");
    const answer = this.languageAnswers.shift() ?? { language: detectSegmentLanguage(request.text)?.language ?? "en", confidence: 0.9 };
    if (answer instanceof Error) throw answer;
    return { ...answer, model: "fake-model", latencyMs: this.languageMs };
  }

  async settings(): Promise<{ translation: TranslationSettings; objectionPhrases: string[] }> {
    return { translation: this.translation, objectionPhrases: this.objectionPhrases };
  }

  model() {
    return { configured: this.configured, name: this.configured ? "fake-model" : null, simulated: false };
  }

  async translate(request: TranslationRequest) {
    this.translated.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    const failure = this.translationFailures.shift();
    if (failure) throw failure;
    const failuresLeft = this.failingSegments.get(request.segmentId) ?? 0;
    if (failuresLeft > 0) {
      this.failingSegments.set(request.segmentId, failuresLeft - 1);
      throw new Error("boom");
    }
    this.clock.advance(this.translationMs);
    return { segmentId: request.segmentId, text: `${request.to}: ${request.text}`, model: "fake-model", latencyMs: this.translationMs };
  }

  async suggest(request: SuggestionRequest, deadlineMs: number) {
    this.suggested.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    const failure = this.suggestionFailures.shift();
    if (failure) throw failure;
    this.clock.advance(Math.min(this.suggestionMs, deadlineMs));
    if (this.suggestionMs >= deadlineMs) throw new Error("The request was cancelled");
    return { text: `model: ${request.lines.at(-1)?.text ?? ""}`, model: "fake-model", latencyMs: this.suggestionMs };
  }

  async scoreSentiment(request: ModelSentimentRequest, deadlineMs: number) {
    this.sentimentAsked.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    this.clock.advance(Math.min(this.sentimentMs, deadlineMs));
    if (this.sentimentMs >= deadlineMs) throw new Error("The request was cancelled");
    const answer = this.sentimentAnswers.shift() ?? { score: 0.2, escalate: false, reason: "calm" };
    if (answer instanceof Error) throw answer;
    return { ...answer, model: "fake-model", latencyMs: this.sentimentMs };
  }

  async suggestDisposition(request: SummaryRequest) {
    this.dispositionAsked.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    if (this.dispositionAnswer instanceof Error) throw this.dispositionAnswer;
    return { ...this.dispositionAnswer, model: "fake-model", latencyMs: 40 };
  }

  async summarise(request: SummaryRequest) {
    this.summarised.push(request);
    if (!this.configured) throw new ModelNotConfiguredError();
    return { text: `Discussed: ${request.lines.length} lines`, model: "fake-model", latencyMs: 50 };
  }
}
