// Which objections a customer's segment raises: the default lexicon of its language plus
// the organisation's phrases, negation aware ("I'm not disputing it" raises none), each
// kind once per segment. Pure.
import type { CallLanguage } from "../../../../domain/languages";
import { DEFAULT_OBJECTIONS, OBJECTION_KINDS, type ObjectionKind, type OrgObjectionPhrase } from "./objection-lexicon";
import { PhraseMatcher, type LexiconPhrase } from "./phrase-matcher";

export interface Objection {
  kind: ObjectionKind;
  /** The words as the lexicon has them. */
  phrase: string;
}

const defaultMatchers = new Map<CallLanguage, PhraseMatcher<ObjectionKind>>();

function defaultMatcher(language: CallLanguage): PhraseMatcher<ObjectionKind> {
  let matcher = defaultMatchers.get(language);
  if (!matcher) {
    const lexicon = DEFAULT_OBJECTIONS[language];
    const phrases: LexiconPhrase<ObjectionKind>[] = OBJECTION_KINDS.flatMap((kind) => lexicon[kind].map((phrase) => ({ phrase, tag: kind })));
    matcher = new PhraseMatcher(language, phrases);
    defaultMatchers.set(language, matcher);
  }
  return matcher;
}

/** The objections in one segment, in the order said; a negated phrase is none. */
export function findObjections(text: string, language: CallLanguage, orgPhrases: readonly OrgObjectionPhrase[] = []): Objection[] {
  const own = orgPhrases.filter((p) => p.language === null || p.language === language).map((p) => ({ phrase: p.phrase, tag: `org:${p.phrase.toLowerCase()}` as ObjectionKind }));
  const matches = [...defaultMatcher(language).find(text), ...(own.length ? new PhraseMatcher(language, own).find(text) : [])];
  const seen = new Set<ObjectionKind>();
  const objections: Objection[] = [];
  for (const match of matches.sort((a, b) => a.index - b.index)) {
    if (match.negated || seen.has(match.tag)) continue;
    seen.add(match.tag);
    objections.push({ kind: match.tag, phrase: match.phrase });
  }
  return objections;
}
