// The kinds of line a phone number can be, as the numbering plans say (read by
// domain/phone-number.ts). Apart from the reader so the console and the API contracts
// can name them without carrying the numbering-plan metadata.

export const PHONE_LINE_TYPES = [
  "mobile",
  "fixed_line",
  "fixed_line_or_mobile",
  "toll_free",
  "premium_rate",
  "shared_cost",
  "voip",
  "personal_number",
  "pager",
  "uan",
  "voicemail",
  "unknown",
] as const;
export type PhoneLineType = (typeof PHONE_LINE_TYPES)[number];

/** Each stored number's line type; a number missing here (stored before types were kept) is "unknown". */
export type PhoneLineTypes = Record<string, PhoneLineType>;
