// A campaign's settings as the API takes them: each field's bounds (with the law behind
// the bounds the law sets), the defaults of a new campaign, and the rules that tie fields
// together. Pure: the checks that need the database (agents and accounts of the
// organisation) live with the routes.
import { z } from "zod";
import { DEFAULT_RING_TIMEOUT_SECONDS, LEGAL_ABANDON_CAP_PERCENT, LEGAL_CALLING_WINDOW, MIN_RING_TIMEOUT_SECONDS } from "../../domain/legal";
import type { FieldError } from "../http/errors";
import { accountSelection, type AccountSelection } from "../../domain/account-selection";
import { DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS, wrapUpExtensionSecondsField, wrapUpSecondsField } from "../../domain/wrap-up";
import { defaultLinesPerAgent, linesPerAgentField } from "../../domain/lines-per-agent";
import { type CAMPAIGN_STATUSES, PACING_MODES } from "../../db/schema";
import type { CampaignSettings } from "../../objects/campaign/protocol";
import { DEFAULT_CONCURRENT_CALLS, MAX_CONCURRENT_CALLS, MIN_CONCURRENT_CALLS } from "../../domain/payment-reminders";

export type { CampaignSettings };

export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];
export type PacingMode = (typeof PACING_MODES)[number];

export const MAX_RING_TIMEOUT_SECONDS = 60;
/** Only predictive pacing over-dials; preview and progressive place one line per agent (domain/lines-per-agent.ts). */
export { DEFAULT_PREDICTIVE_LINES_PER_AGENT, MAX_LINES_PER_AGENT } from "../../domain/lines-per-agent";

/** Filled in when the campaign starts: the organisation's name and the number the campaign calls from. */
export const MESSAGE_PLACEHOLDERS = { organization: "{organization}", callbackNumber: "{callbackNumber}" } as const;

/**
 * The law's safe-harbor message (47 CFR 64.1200(a)(7)(i)(A)) states only who called and a
 * number to call back, where the consumer can also ask not to be called again.
 */
export const DEFAULT_SAFE_HARBOR_MESSAGE =
  "Hello, this call is from {organization}. Please call us back at {callbackNumber}. " +
  "You can also call that number to ask us not to call you again. Thank you.";

export const ABANDON_CAP_LAW_MESSAGE =
  `at most ${LEGAL_ABANDON_CAP_PERCENT} %: the FCC's abandoned-call rule (47 CFR 64.1200(a)(7)) caps abandoned calls ` +
  `at ${LEGAL_ABANDON_CAP_PERCENT} % of live-answered calls per campaign over 30 days`;
export const RING_TIMEOUT_LAW_MESSAGE =
  `at least ${MIN_RING_TIMEOUT_SECONDS} seconds: the FCC requires an unanswered call to ring at least ` +
  `${MIN_RING_TIMEOUT_SECONDS} seconds (47 CFR 64.1200(a)(6))`;

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

/** Minutes since midnight of a valid "HH:MM". */
export const minuteOfDay = (text: string) => Number(text.slice(0, 2)) * 60 + Number(text.slice(3, 5));

const timeOfDay = z
  .string()
  .regex(HH_MM, { message: "a time like 09:30", abort: true })
  .refine(
    (t) => minuteOfDay(t) >= minuteOfDay(LEGAL_CALLING_WINDOW.from) && minuteOfDay(t) <= minuteOfDay(LEGAL_CALLING_WINDOW.to),
    `inside ${LEGAL_CALLING_WINDOW.from}–${LEGAL_CALLING_WINDOW.to}, the hours the law allows (12 CFR 1006.6(b)(1)(i))`,
  );

const callingWindowShape = z
  .strictObject({ from: timeOfDay, to: timeOfDay })
  .refine((w) => minuteOfDay(w.from) < minuteOfDay(w.to), { message: "must end after it starts", path: ["to"] });

/**
 * A nested object reported as one field: every problem inside it is named at the field's own
 * path ("callingWindow", message "to: must end after it starts"), so a client can show it
 * beside the group and every rejection names a field the body actually has.
 */
function groupField<T>(inner: z.ZodType<T>) {
  return z.unknown().transform((value, ctx): T => {
    const parsed = inner.safeParse(value);
    if (parsed.success) return parsed.data;
    for (const issue of parsed.error.issues) {
      const where = issue.path.map(String).join(".");
      const what = issue.code === "unrecognized_keys" ? `unknown field ${issue.keys.join(", ")}` : issue.message;
      ctx.addIssue({ code: "custom", message: where ? `${where}: ${what}` : what });
    }
    return z.NEVER;
  });
}

const messageText = (max: number) => z.string().trim().max(max, `at most ${max} characters`);

/** Every settable field, with its bounds; create and edit take subsets of these. */
export const campaignFields = {
  name: z.string().trim().min(1, "required").max(200),
  pacingMode: z.enum(PACING_MODES),
  maxLinesPerAgent: linesPerAgentField,
  abandonCapPercent: z.number().gt(0, "above 0").max(LEGAL_ABANDON_CAP_PERCENT, ABANDON_CAP_LAW_MESSAGE),
  ringTimeoutSeconds: z
    .number()
    .int("whole seconds")
    .min(MIN_RING_TIMEOUT_SECONDS, RING_TIMEOUT_LAW_MESSAGE)
    .max(MAX_RING_TIMEOUT_SECONDS, `at most ${MAX_RING_TIMEOUT_SECONDS} seconds`),
  callingWindow: groupField(callingWindowShape),
  voicemailScript: messageText(2000),
  safeHarborMessage: messageText(1000)
    .min(1, { message: "required: the message an abandoned call hears, naming who called and a callback number", abort: true })
    .refine(
      (m) => m.includes(MESSAGE_PLACEHOLDERS.callbackNumber) || /(\d[\s().-]*){7,}/.test(m),
      `must give a callback number (write ${MESSAGE_PLACEHOLDERS.callbackNumber} or the number): 47 CFR 64.1200(a)(7)(i)(A)`,
    ),
  retryMaxAttempts: z.number().int("a whole number").min(1, "at least 1").max(20, "at most 20"),
  retrySpacingMinutes: z.number().int("whole minutes").min(5, "at least 5 minutes").max(10_080, "at most 10080 minutes (7 days)"),
  /** Autodialled pacing skips accounts of unknown consent unless this says the list was consented elsewhere (domain/consent.ts). */
  dialUnknownConsent: z.boolean(),
  /** Payment-reminder pacing: calls in flight at once (it has no agents to pace by). */
  maxConcurrentCalls: z
    .number()
    .int("a whole number")
    .min(MIN_CONCURRENT_CALLS, `at least ${MIN_CONCURRENT_CALLS}`)
    .max(MAX_CONCURRENT_CALLS, `at most ${MAX_CONCURRENT_CALLS}`),
  accountSelection: groupField<AccountSelection>(accountSelection),
  segmentId: z.uuid("a segment id").nullable(),
  agentUserIds: z
    .array(z.uuid("user ids"))
    .max(500)
    .refine((ids) => new Set(ids).size === ids.length, "each agent once"),
  /** null: the organisation's wrap-up time. */
  wrapUpSeconds: wrapUpSecondsField.nullable(),
  endWrapUpOnSave: z.boolean(),
  wrapUpExtensionSeconds: wrapUpExtensionSecondsField,
  dispositionRequired: z.boolean(),
};

export const createCampaignBody = z.strictObject({
  ...campaignFields,
  pacingMode: campaignFields.pacingMode.optional(),
  maxLinesPerAgent: campaignFields.maxLinesPerAgent.optional(),
  abandonCapPercent: campaignFields.abandonCapPercent.optional(),
  ringTimeoutSeconds: campaignFields.ringTimeoutSeconds.optional(),
  callingWindow: campaignFields.callingWindow.optional(),
  voicemailScript: campaignFields.voicemailScript.optional(),
  safeHarborMessage: campaignFields.safeHarborMessage.optional(),
  retryMaxAttempts: campaignFields.retryMaxAttempts.optional(),
  retrySpacingMinutes: campaignFields.retrySpacingMinutes.optional(),
  dialUnknownConsent: campaignFields.dialUnknownConsent.optional(),
  maxConcurrentCalls: campaignFields.maxConcurrentCalls.optional(),
  accountSelection: campaignFields.accountSelection.optional(),
  segmentId: campaignFields.segmentId.optional(),
  agentUserIds: campaignFields.agentUserIds.optional(),
  wrapUpSeconds: campaignFields.wrapUpSeconds.optional(),
  endWrapUpOnSave: campaignFields.endWrapUpOnSave.optional(),
  wrapUpExtensionSeconds: campaignFields.wrapUpExtensionSeconds.optional(),
  dispositionRequired: campaignFields.dispositionRequired.optional(),
});
export type CreateCampaignBody = z.infer<typeof createCampaignBody>;

export const updateCampaignBody = z
  .strictObject(campaignFields)
  .partial()
  .refine((b) => Object.keys(b).length > 0, "send at least one field to change");
export type UpdateCampaignBody = z.infer<typeof updateCampaignBody>;

/** A new campaign: what was sent, the rest from the defaults. */
export function newCampaignSettings(body: CreateCampaignBody): CampaignSettings {
  const pacingMode = body.pacingMode ?? "progressive";
  return {
    name: body.name,
    pacingMode,
    maxLinesPerAgent: body.maxLinesPerAgent ?? defaultLinesPerAgent(pacingMode),
    abandonCapPercent: body.abandonCapPercent ?? LEGAL_ABANDON_CAP_PERCENT,
    ringTimeoutSeconds: body.ringTimeoutSeconds ?? DEFAULT_RING_TIMEOUT_SECONDS,
    callingWindow: body.callingWindow ?? { ...LEGAL_CALLING_WINDOW },
    voicemailScript: body.voicemailScript ?? "",
    safeHarborMessage: body.safeHarborMessage ?? DEFAULT_SAFE_HARBOR_MESSAGE,
    retryMaxAttempts: body.retryMaxAttempts ?? 3,
    retrySpacingMinutes: body.retrySpacingMinutes ?? 60,
    dialUnknownConsent: body.dialUnknownConsent ?? false,
    maxConcurrentCalls: body.maxConcurrentCalls ?? DEFAULT_CONCURRENT_CALLS,
    accountSelection: body.accountSelection ?? {},
    segmentId: body.segmentId ?? null,
    agentUserIds: body.agentUserIds ?? [],
    wrapUpSeconds: body.wrapUpSeconds ?? DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS.wrapUpSeconds,
    endWrapUpOnSave: body.endWrapUpOnSave ?? DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS.endWrapUpOnSave,
    wrapUpExtensionSeconds: body.wrapUpExtensionSeconds ?? DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS.wrapUpExtensionSeconds,
    dispositionRequired: body.dispositionRequired ?? DEFAULT_CAMPAIGN_WRAP_UP_SETTINGS.dispositionRequired,
  };
}

/**
 * The settings after an edit. A change of pacing mode that names no number of lines takes
 * the new mode's default (leaving predictive: 1; entering it: the pacer's ceiling, not the
 * 1 line a progressive campaign had, which would keep it progressive).
 */
export function editedCampaignSettings(current: CampaignSettings, edit: UpdateCampaignBody): CampaignSettings {
  const next: CampaignSettings = { ...current, ...stripUndefined(edit) };
  if (edit.maxLinesPerAgent === undefined && next.pacingMode !== current.pacingMode) next.maxLinesPerAgent = defaultLinesPerAgent(next.pacingMode);
  return next;
}

/** The settings whose values differ between two versions. */
export function changedSettings(before: CampaignSettings, after: CampaignSettings): (keyof CampaignSettings)[] {
  return (Object.keys(after) as (keyof CampaignSettings)[]).filter((key) => sortedJson(before[key]) !== sortedJson(after[key]));
}

/** JSON with object keys sorted: Postgres jsonb does not keep the order a client sent. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}

/** The rules between fields, and between the settings and the campaign's status. */
export function settingsProblems(
  settings: CampaignSettings,
  context: { status: CampaignStatus; changed: readonly (keyof CampaignSettings)[] },
): FieldError[] {
  const problems: FieldError[] = [];
  if (settings.pacingMode !== "predictive" && settings.maxLinesPerAgent > 1) {
    problems.push({
      path: "maxLinesPerAgent",
      message: `${settings.pacingMode} pacing dials one line per agent; only predictive pacing may use more than 1`,
    });
  }
  if (context.status !== "draft" && context.changed.includes("accountSelection")) {
    problems.push({
      path: "accountSelection",
      message: "can change only while the campaign is a draft: its lead queue is loaded when it first starts",
    });
  }
  if (context.status !== "draft" && context.changed.includes("segmentId")) {
    problems.push({ path: "segmentId", message: "can change only while the campaign is a draft (edit the segment's filters instead: the campaign follows them)" });
  }
  if (settings.segmentId !== null && Object.keys(settings.accountSelection).length > 0 && (context.changed.includes("segmentId") || context.changed.includes("accountSelection"))) {
    problems.push({ path: "segmentId", message: "a campaign targets a segment or an account selection, not both: clear accountSelection (send {}) to use a segment" });
  }
  return problems;
}

/** Fills the placeholders of a message the callee will hear. */
export function renderMessage(template: string, values: { organization: string; callbackNumber: string | null }): string {
  return template
    .replaceAll(MESSAGE_PLACEHOLDERS.organization, values.organization)
    .replaceAll(MESSAGE_PLACEHOLDERS.callbackNumber, values.callbackNumber ?? MESSAGE_PLACEHOLDERS.callbackNumber);
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
