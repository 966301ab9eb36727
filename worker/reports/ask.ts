// Turning a question in plain words into a report definition: the model (any
// OpenAI-compatible endpoint through objects/shared/model; the model simulator locally) is
// sent the builder's allow-list, today's date and the question, never a row, and answers
// with one tool call; domain/report-question.ts checks that call with the builder's own
// schema. What comes back is a proposal for the user to read and edit: nothing runs here.
import { ModelFailedError, ModelNotConfiguredError, ModelTimeoutError, type ModelClient } from "../../objects/shared/model";
import { readProposedReport, reportQuestionPrompt, reportTool, type ProposedReport } from "../../domain/report-question";

/** A proposal is a short JSON object; a model that talks longer than this is cut. */
const MAX_PROPOSAL_TOKENS = 800;

export type AskOutcome = ProposedReport | { ok: false; unavailable: string };

export async function proposeReportFor(model: ModelClient, question: string, context: { today: string; timeZone: string }): Promise<AskOutcome> {
  try {
    const answer = await model.complete(
      [
        { role: "system", content: reportQuestionPrompt(context) },
        { role: "user", content: question },
      ],
      { tools: [reportTool], temperature: 0, maxTokens: MAX_PROPOSAL_TOKENS },
    );
    return readProposedReport(answer);
  } catch (error) {
    if (error instanceof ModelNotConfiguredError) return { ok: false, unavailable: `Asking in plain words needs a model. ${error.message}` };
    if (error instanceof ModelTimeoutError || error instanceof ModelFailedError) return { ok: false, unavailable: `The model did not answer (${error.message}); try again, or build the report below` };
    throw error;
  }
}
