// Finds lexicon phrases in one transcript segment, the way a listener would: case- and
// width-insensitive, whole words where the language has words ("manager" never matches
// "management"), and negation aware ("I don't need a lawyer" is no lawyer threat). Pure;
// the objection lexicon and the valence lexicons both read text through it.
import type { CallLanguage } from "../../../../domain/languages";

/** A phrase as a lexicon writes it; `*` stands for the rest of a word ("disput*", "no me vuelva* a llamar"). */
export interface LexiconPhrase<Tag> {
  phrase: string;
  tag: Tag;
}

export interface PhraseMatch<Tag> {
  tag: Tag;
  phrase: string;
  /** Where it starts in the normalised text. */
  index: number;
  /** A negation cue governs it ("not", "no", "pas", "nicht", 不, ません …). */
  negated: boolean;
}

interface LanguageRules {
  /** Space-delimited words: a phrase matches whole words only. */
  wholeWords: boolean;
  /** Words that negate what follows within NEGATION_REACH tokens of the same clause. */
  negationBefore: ReadonlySet<string>;
  /** Languages with no spaces (zh): characters that negate what follows them closely. */
  negationCharsBefore?: readonly string[];
  /** Languages that negate after the verb (ja, ko): endings within the clause after the phrase. */
  negationAfter?: readonly string[];
}

const words = (list: string) => new Set(list.split(" "));

const RULES: Record<CallLanguage, LanguageRules> = {
  en: { wholeWords: true, negationBefore: words("not no never don't doesn't didn't won't isn't aren't wasn't can't cannot without nobody nothing neither nor") },
  es: { wholeWords: true, negationBefore: words("no nunca jamás sin ni tampoco") },
  fr: { wholeWords: true, negationBefore: words("pas jamais sans ni aucun aucune plus") },
  de: { wholeWords: true, negationBefore: words("nicht kein keine keinen keinem keiner nie niemals ohne") },
  pt: { wholeWords: true, negationBefore: words("não nao nunca jamais sem nem") },
  it: { wholeWords: true, negationBefore: words("non mai senza né nessun nessuno") },
  // Arabic attaches clitics (و، ال، ب) to words, so phrases match inside words; negation is a word before.
  ar: { wholeWords: false, negationBefore: words("لا لم لن ليس لست بدون") },
  zh: { wholeWords: false, negationBefore: new Set(), negationCharsBefore: ["不", "没", "別", "别", "无", "無", "未"] },
  ja: { wholeWords: false, negationBefore: new Set(), negationAfter: ["ない", "ません", "なく"] },
  ko: { wholeWords: false, negationBefore: words("안 못"), negationAfter: ["없", "않", "아니", "말"] },
};

/** Tokens back from a phrase that a negation cue still governs ("I do not really need a lawyer"). */
const NEGATION_REACH_TOKENS = 4;
/** Characters back (zh) or forward (ja, ko) a negation reaches. */
const NEGATION_REACH_CHARS = 6;
const CLAUSE_BREAK = /[.,;:!?¿¡。，、；：！？،؛؟\n]/u;

/** The text as the lexicons are written: NFKC, lower case, straight apostrophes, single spaces. */
export function normaliseText(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/[’‘`´]/g, "'").replace(/\s+/g, " ").trim();
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function phrasePattern(phrase: string, wholeWords: boolean): RegExp {
  const body = normaliseText(phrase)
    .split("*")
    .map((part) => escapeRegExp(part).replace(/ /g, "\\s+"))
    .join("[\\p{L}\\p{M}\\p{N}']*");
  return wholeWords ? new RegExp(`(?<![\\p{L}\\p{M}\\p{N}'])${body}(?![\\p{L}\\p{M}\\p{N}])`, "gu") : new RegExp(body, "gu");
}

/**
 * The literal parts of a normalised phrase, around its `*`s: each must occur in a text the
 * phrase matches (the text is normalised the same way, so its spaces are single spaces too).
 */
function literalsOf(normalPhrase: string): string[] {
  return normalPhrase.split("*").filter((part) => part.length > 0);
}

/** The clause around a match: back to the previous break, forward to the next. */
function clauseAround(text: string, start: number, end: number): { before: string; after: string } {
  let from = start;
  while (from > 0 && !CLAUSE_BREAK.test(text[from - 1] ?? "")) from--;
  let to = end;
  while (to < text.length && !CLAUSE_BREAK.test(text[to] ?? "")) to++;
  return { before: text.slice(from, start), after: text.slice(end, to) };
}

const negationToken = (rules: LanguageRules, token: string) => rules.negationBefore.has(token) || token.startsWith("n'");

function isNegated(rules: LanguageRules, phrase: string, before: string, after: string): boolean {
  // A phrase that carries its own negation ("pas ma dette", "do not call") is not negated
  // again by the cue that belongs to it ("ce n'est pas ma dette").
  if (phrase.split(" ").some((token) => negationToken(rules, token)) || rules.negationCharsBefore?.some((cue) => phrase.includes(cue))) return false;
  const tokens = before.split(" ").filter(Boolean).slice(-NEGATION_REACH_TOKENS);
  // French elides "ne" ("n'ai", "n'appelez"): a token starting n' negates.
  if (tokens.some((token) => negationToken(rules, token))) return true;
  const nearBefore = before.slice(-NEGATION_REACH_CHARS);
  if (rules.negationCharsBefore?.some((cue) => nearBefore.includes(cue))) return true;
  const nearAfter = after.slice(0, NEGATION_REACH_CHARS + 2);
  return rules.negationAfter?.some((cue) => nearAfter.includes(cue)) ?? false;
}

/** A lexicon compiled once per language; `find` runs per segment. */
export class PhraseMatcher<Tag> {
  readonly #rules: LanguageRules;
  readonly #patterns: { pattern: RegExp; literals: string[]; phrase: string; normal: string; tag: Tag }[];

  constructor(language: CallLanguage, phrases: readonly LexiconPhrase<Tag>[]) {
    this.#rules = RULES[language];
    this.#patterns = phrases.map(({ phrase, tag }) => {
      const normal = normaliseText(phrase);
      return { pattern: phrasePattern(phrase, this.#rules.wholeWords), literals: literalsOf(normal), phrase, normal, tag };
    });
  }

  /** Every phrase found, longest first where two overlap (so "not my debt" is not also "debt"). */
  find(text: string): PhraseMatch<Tag>[] {
    const normal = normaliseText(text);
    const found: (PhraseMatch<Tag> & { end: number })[] = [];
    for (const { pattern, literals, phrase, normal: normalPhrase, tag } of this.#patterns) {
      // Most phrases are absent from most lines: a substring test rules them out before
      // their Unicode-aware regex runs (a lexicon's worth of regexes per line was the bulk
      // of a line's analysis, bench:intel --stages).
      if (!literals.every((literal) => normal.includes(literal))) continue;
      for (const match of normal.matchAll(pattern)) {
        const end = match.index + match[0].length;
        const { before, after } = clauseAround(normal, match.index, end);
        found.push({ tag, phrase, index: match.index, end, negated: isNegated(this.#rules, normalPhrase, before, after) });
      }
    }
    found.sort((a, b) => b.end - b.index - (a.end - a.index) || a.index - b.index);
    const kept: typeof found = [];
    for (const match of found) if (!kept.some((k) => match.index < k.end && k.index < match.end)) kept.push(match);
    return kept.sort((a, b) => a.index - b.index).map(({ end: _end, ...match }) => match);
  }
}
