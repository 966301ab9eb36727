// The campaign editor's working copy and the request bodies made from it. The API judges every
// value (its field errors are shown beside the inputs); this only turns inputs into the API's
// shapes: currency into cents, comma lists into arrays, and an edit into just what changed.
import type { PacingMode } from "$protocol/campaign/protocol";
import type { Campaign, CampaignAccountSelection, CampaignSettings } from "$contracts/campaigns";
import { defaultLinesPerAgent } from "$domain/lines-per-agent";
import { DEFAULT_CONCURRENT_CALLS } from "$domain/payment-reminders";

/** Number inputs read as undefined (or null) while empty or not a number. */
type NumberInput = number | null | undefined;

export interface CampaignDraft {
  name: string;
  pacingMode: PacingMode;
  maxLinesPerAgent: NumberInput;
  abandonCapPercent: NumberInput;
  ringTimeoutSeconds: NumberInput;
  windowFrom: string;
  windowTo: string;
  safeHarborMessage: string;
  voicemailScript: string;
  retryMaxAttempts: NumberInput;
  retrySpacingMinutes: NumberInput;
  /** Whether progressive and predictive pacing dial accounts of unknown consent. */
  dialUnknownConsent: boolean;
  /** Payment-reminder pacing: calls in flight at once. */
  maxConcurrentCalls: NumberInput;
  /** Currency units as typed ("250.00"); empty means any balance. */
  minBalance: string;
  /** "en, es"; empty means any language. */
  languages: string;
  /** Account ids separated by spaces, commas or lines; empty means every account. */
  accountIds: string;
  /** The saved segment the campaign calls; empty: the selection above decides. */
  segmentId: string;
  agentUserIds: string[];
  /** Empty: the organisation's wrap-up time. */
  wrapUpSeconds: NumberInput;
  endWrapUpOnSave: boolean;
  /** 0: no "I need more time". */
  wrapUpExtensionSeconds: NumberInput;
  dispositionRequired: boolean;
}

/** What a new campaign's form starts with: the API's defaults, shown so they can be read. */
export function newCampaignDraft(): CampaignDraft {
  return {
    name: "",
    pacingMode: "progressive",
    maxLinesPerAgent: 1,
    abandonCapPercent: 3,
    ringTimeoutSeconds: 22,
    windowFrom: "08:00",
    windowTo: "21:00",
    // Empty: the API's standard message (who called, and the callback number) is used.
    safeHarborMessage: "",
    voicemailScript: "",
    retryMaxAttempts: 3,
    retrySpacingMinutes: 60,
    dialUnknownConsent: false,
    maxConcurrentCalls: DEFAULT_CONCURRENT_CALLS,
    minBalance: "",
    languages: "",
    accountIds: "",
    segmentId: "",
    agentUserIds: [],
    wrapUpSeconds: null,
    endWrapUpOnSave: true,
    wrapUpExtensionSeconds: 0,
    dispositionRequired: true,
  };
}

export function draftFromCampaign(campaign: Campaign): CampaignDraft {
  const selection = campaign.accountSelection;
  return {
    name: campaign.name,
    pacingMode: campaign.pacingMode,
    maxLinesPerAgent: campaign.maxLinesPerAgent,
    abandonCapPercent: campaign.abandonCapPercent,
    ringTimeoutSeconds: campaign.ringTimeoutSeconds,
    windowFrom: campaign.callingWindow.from,
    windowTo: campaign.callingWindow.to,
    safeHarborMessage: campaign.safeHarborMessage,
    voicemailScript: campaign.voicemailScript,
    retryMaxAttempts: campaign.retryMaxAttempts,
    retrySpacingMinutes: campaign.retrySpacingMinutes,
    dialUnknownConsent: campaign.dialUnknownConsent,
    maxConcurrentCalls: campaign.maxConcurrentCalls,
    minBalance: selection.minBalanceCents === undefined ? "" : (selection.minBalanceCents / 100).toFixed(2),
    languages: (selection.languages ?? []).join(", "),
    accountIds: (selection.accountIds ?? []).join("\n"),
    segmentId: campaign.segmentId ?? "",
    agentUserIds: [...campaign.agentUserIds],
    wrapUpSeconds: campaign.wrapUpSeconds,
    endWrapUpOnSave: campaign.endWrapUpOnSave,
    wrapUpExtensionSeconds: campaign.wrapUpExtensionSeconds,
    dispositionRequired: campaign.dispositionRequired,
  };
}

/**
 * The draft after the supervisor picks a pacing mode: the lines per agent become the new
 * mode's default (predictive: the pacer's ceiling; a leftover 1 would make it progressive).
 */
export function withPacingMode(draft: CampaignDraft, mode: PacingMode): CampaignDraft {
  return { ...draft, pacingMode: mode, maxLinesPerAgent: defaultLinesPerAgent(mode) };
}

/** A request field as sent: an empty number input goes as null so the API names the field. */
type Body = { [K in keyof CampaignSettings]?: CampaignSettings[K] | null };

/** The whole body of POST /api/campaigns (an empty safe-harbor message takes the API's default). */
export function createBody(draft: CampaignDraft): Body {
  const body = settingsBody(draft);
  if (draft.safeHarborMessage.trim() === "") delete body.safeHarborMessage;
  return body;
}

/** The body of PATCH /api/campaigns/:id: only the fields that differ from the campaign. */
export function editBody(draft: CampaignDraft, campaign: Campaign): Body {
  const body = settingsBody(draft);
  const changed: Body = {};
  for (const key of Object.keys(body) as (keyof CampaignSettings)[]) {
    if (sortedJson(body[key]) !== sortedJson(campaign[key])) Object.assign(changed, { [key]: body[key] });
  }
  return changed;
}

function settingsBody(draft: CampaignDraft): Body {
  return {
    name: draft.name.trim(),
    pacingMode: draft.pacingMode,
    // Only predictive pacing over-dials; the others always dial one line per agent.
    maxLinesPerAgent: draft.pacingMode === "predictive" ? numberOrNull(draft.maxLinesPerAgent) : 1,
    abandonCapPercent: numberOrNull(draft.abandonCapPercent),
    ringTimeoutSeconds: numberOrNull(draft.ringTimeoutSeconds),
    callingWindow: { from: draft.windowFrom, to: draft.windowTo },
    safeHarborMessage: draft.safeHarborMessage.trim(),
    voicemailScript: draft.voicemailScript.trim(),
    retryMaxAttempts: numberOrNull(draft.retryMaxAttempts),
    retrySpacingMinutes: numberOrNull(draft.retrySpacingMinutes),
    dialUnknownConsent: draft.dialUnknownConsent,
    maxConcurrentCalls: numberOrNull(draft.maxConcurrentCalls),
    // A campaign targets a segment or a selection, not both.
    accountSelection: draft.segmentId ? {} : selectionOf(draft),
    segmentId: draft.segmentId || null,
    agentUserIds: draft.agentUserIds,
    // Empty is meaningful here: the organisation's time.
    wrapUpSeconds: numberOrNull(draft.wrapUpSeconds),
    endWrapUpOnSave: draft.endWrapUpOnSave,
    wrapUpExtensionSeconds: numberOrNull(draft.wrapUpExtensionSeconds),
    dispositionRequired: draft.dispositionRequired,
  };
}

function selectionOf(draft: CampaignDraft): CampaignAccountSelection {
  const selection: CampaignAccountSelection = {};
  const balance = draft.minBalance.trim();
  // Not a number: sent as is (NaN goes as null) so the API names the field.
  if (balance !== "") selection.minBalanceCents = Math.round(Number(balance.replace(/[,\s]/g, "")) * 100);
  const languages = splitList(draft.languages).map((l) => l.toLowerCase());
  if (languages.length > 0) selection.languages = languages;
  const accountIds = splitList(draft.accountIds);
  if (accountIds.length > 0) selection.accountIds = accountIds;
  return selection;
}

const splitList = (text: string) => text.split(/[\s,]+/).filter((item) => item !== "");

const numberOrNull = (value: NumberInput) => (typeof value === "number" && Number.isFinite(value) ? value : null);

/** JSON with object keys sorted, so equal settings compare equal whatever order they came in. */
function sortedJson(value: unknown): string {
  return JSON.stringify(value ?? null, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1))) : v,
  );
}
