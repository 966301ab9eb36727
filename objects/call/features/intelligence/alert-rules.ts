// When a supervisor is alerted (PRODUCT.md §6): the customer's sentiment under the
// threshold for several segments in a row, an objection said while the mood is negative,
// and always (the law cares) a request to stop calling or a lawyer or lawsuit named. Each
// condition fires once per call: the alert's key names the condition, and the call raises
// one event per key. Pure.
import type { ObjectionKind } from "./objection-lexicon";

/** A customer's segment score under this is negative enough to count toward an alert. */
export const LOW_SENTIMENT_THRESHOLD = -0.3;
/** Consecutive customer segments under the threshold that raise the low-sentiment alert. */
export const LOW_SENTIMENT_SEGMENTS = 3;
/** An objection raises an alert when the window's score is under this. */
export const OBJECTION_ALERT_SCORE = -0.3;

/** `model_escalation` is the model's flag (model-sentiment.ts); the others are these offline rules. */
export const ALERT_RULES = ["cease_contact", "legal_threat", "low_sentiment", "objection", "model_escalation"] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export interface AlertCondition {
  rule: AlertRule;
  /** Names the condition: the same key never alerts twice on one call. */
  key: string;
  /** The customer's segment that met it. */
  segmentId: string;
  atMs: number;
  /** What the supervisor reads. */
  message: string;
}

/** What the rules read about one customer segment, in call order. */
export interface ScoredSegment {
  id: string;
  atMs: number;
  text: string;
  sentiment: number;
  /** The window's score after this segment. */
  windowScore: number;
  objections: readonly { kind: ObjectionKind; phrase: string }[];
}

const LEGAL_KINDS: ReadonlySet<ObjectionKind> = new Set(["lawyer", "lawsuit"]);

/** Every alert condition met over the call so far, each once, first occurrence first. */
export function alertConditions(segments: readonly ScoredSegment[]): AlertCondition[] {
  const alerts = new Map<string, AlertCondition>();
  const raise = (alert: AlertCondition) => {
    if (!alerts.has(alert.key)) alerts.set(alert.key, alert);
  };
  let lowRun = 0;
  for (const segment of segments) {
    const at = { segmentId: segment.id, atMs: segment.atMs };
    const quoted = `“${segment.text}”`;
    for (const objection of segment.objections) {
      if (objection.kind === "stop_calling") raise({ rule: "cease_contact", key: "cease_contact", ...at, message: `The customer asked us to stop calling: ${quoted}` });
      if (LEGAL_KINDS.has(objection.kind)) raise({ rule: "legal_threat", key: "legal_threat", ...at, message: `The customer named a lawyer or a lawsuit: ${quoted}` });
      if (segment.windowScore < OBJECTION_ALERT_SCORE) raise({ rule: "objection", key: `objection:${objection.kind}`, ...at, message: `Objection (${objection.phrase}) while the customer is upset: ${quoted}` });
    }
    lowRun = segment.sentiment < LOW_SENTIMENT_THRESHOLD ? lowRun + 1 : 0;
    if (lowRun >= LOW_SENTIMENT_SEGMENTS) raise({ rule: "low_sentiment", key: "low_sentiment", ...at, message: `The customer has been negative for ${LOW_SENTIMENT_SEGMENTS} segments in a row` });
  }
  return [...alerts.values()];
}
