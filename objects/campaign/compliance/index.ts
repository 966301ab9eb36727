// The compliance module's public surface, for the CampaignActor and the console's reports.
export { checkDial, SEARCH_HORIZON_MS } from "./check-dial";
export { complianceReport, ABANDON_RATE_CAP } from "./report";
export type { AnswerCounts, AttemptRecord, CampaignComplianceSummary, ComplianceReportInput, ConversationRecord, SkipRecord } from "./report";
export { pruneHistory, REG_F_LOOKBACK_MS } from "./regulation-f";
export { resolveCalleeZone } from "./callee-zone";
export { timeZoneForPhone } from "./area-codes";
export { LEGAL_CALLING_WINDOW } from "./calling-window";
export { REFUSAL_REASONS, WEEKDAYS } from "./types";
export type * from "./types";
