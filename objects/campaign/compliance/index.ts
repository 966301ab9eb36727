// The compliance module's public surface, for the CampaignActor. (The compliance report
// users see is built from Postgres: worker/routes/campaign-report.ts.)
export { checkDial, SEARCH_HORIZON_MS } from "./check-dial";
export { pruneHistory, REG_F_LOOKBACK_MS } from "./regulation-f";
export { resolveCalleeZone } from "./callee-zone";
export { timeZoneForPhone } from "./area-codes";
export { LEGAL_DAILY_WINDOW } from "./calling-window";
export { REFUSAL_REASONS, type RefusalReason } from "../../../domain/refusal-reasons";
export { WEEKDAYS } from "../../../domain/inconvenient-times";
export type * from "./types";
