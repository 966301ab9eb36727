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

// The organisation's phrases, compiled once per language and list (a call reads every
// customer line with the same list; compiling it per line was a regex build per phrase).
const MAX_ORG_MATCHERS = 200;
const orgMatchers = new Map<string, PhraseMatcher<ObjectionKind>>();

function orgMatcher(language: CallLanguage, own: readonly LexiconPhrase<ObjectionKind>[]): PhraseMatcher<ObjectionKind> {
  const key = `${language}\u0000${own.map((p) => p.phrase).join("\u0001")}`;
  let matcher = orgMatchers.get(key);
  if (!matcher) {
    if (orgMatchers.size >= MAX_ORG_MATCHERS) orgMatchers.delete(orgMatchers.keys().next().value ?? "");
    matcher = new PhraseMatcher(language, own);
    orgMatchers.set(key, matcher);
  }
  return matcher;
}

/** The objections in one segment, in the order said; a negated phrase is none. */
export function findObjections(text: string, language: CallLanguage, orgPhrases: readonly OrgObjectionPhrase[] = []): Objection[] {
  const own: LexiconPhrase<ObjectionKind>[] = orgPhrases.filter((p) => p.language === null || p.language === language).map((p) => ({ phrase: p.phrase, tag: `org:${p.phrase.toLowerCase()}` as ObjectionKind }));
  const matches = [...defaultMatcher(language).find(text), ...(own.length ? orgMatcher(language, own).find(text) : [])];
  const seen = new Set<ObjectionKind>();
  const objections: Objection[] = [];
  for (const match of matches.sort((a, b) => a.index - b.index)) {
    if (match.negated || seen.has(match.tag)) continue;
    seen.add(match.tag);
    objections.push({ kind: match.tag, phrase: match.phrase });
  }
  return objections;
}
