// The colour families a status can be shown in (badges, dots); each maps to a pair of CSS
// variables (--<tone> text, --<tone>-bg background) in styles/tokens.css.
export type Tone = "success" | "info" | "warning" | "danger" | "neutral";
