// Cuts a streamed reply into sentences so the first one can be spoken while the model is
// still writing the rest. A boundary is a terminator (. ! ? or an ellipsis) followed by
// whitespace and then something that can start a sentence; so "$150.50" (no space after
// the point), "Mr. Smith" (an abbreviation) and "wait... and then" (a lower-case
// continuation) are not boundaries. The end of the buffer is never a boundary until the
// reply is finished (flush), because the next token may still be ".50".
// The first words of a reply may go sooner, at a clause (takeSpeakable): the caller hears
// the AI begin while the model is still writing a long opening sentence.

const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "a.m", "p.m", "approx", "inc", "ltd", "co", "corp", "dept", "acct", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s",
]);

/** Terminator run, closing quotes or brackets, then whitespace, then the next character. */
const BOUNDARY = /([.!?…]+)(["'”’)\]]*)(\s+)(?=(\S))/g;

export interface SentenceCut {
  sentences: string[];
  rest: string;
}

export function takeSentences(buffer: string): SentenceCut {
  const sentences: string[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let match = BOUNDARY.exec(buffer); match; match = BOUNDARY.exec(buffer)) {
    const terminator = match[1]!;
    const next = match[4]!;
    const end = match.index + terminator.length + match[2]!.length;
    if (!isBoundary(buffer.slice(start, match.index), terminator, next)) continue;
    const sentence = buffer.slice(start, end).trim();
    if (sentence) sentences.push(sentence);
    start = end + match[3]!.length;
  }
  return { sentences, rest: buffer.slice(start) };
}

/** A reply's first clause is said on its own once it has at least this many words. */
export const FIRST_CLAUSE_MIN_WORDS = 5;

/** A clause mark (comma, semicolon, colon, dash) followed by whitespace and the next word. */
const CLAUSE = /([,;:]|\s[—–-])(\s+)(?=\S)/g;

/**
 * What may be spoken now: whole sentences; or, for the first words of a reply while its
 * first sentence is still being written, the clause before a comma, semicolon, colon or
 * dash once it is a natural unit (FIRST_CLAUSE_MIN_WORDS words or more). "$1,500" is no
 * clause (no space after the comma), nor is a short "Well," or "Sure," (too few words).
 */
export function takeSpeakable(buffer: string, firstOfReply: boolean): SentenceCut {
  const cut = takeSentences(buffer);
  if (cut.sentences.length > 0 || !firstOfReply) return cut;
  CLAUSE.lastIndex = 0;
  for (let match = CLAUSE.exec(buffer); match; match = CLAUSE.exec(buffer)) {
    const end = match.index + match[1]!.length;
    const clause = buffer.slice(0, end).trim();
    if (clause.split(/\s+/).length < FIRST_CLAUSE_MIN_WORDS) continue;
    return { sentences: [clause], rest: buffer.slice(end + match[2]!.length) };
  }
  return cut;
}

/** The whole remainder once the reply is complete. */
export function flushSentences(buffer: string): string[] {
  const { sentences, rest } = takeSentences(buffer);
  const last = rest.trim();
  return last ? [...sentences, last] : sentences;
}

function isBoundary(before: string, terminator: string, next: string): boolean {
  const continuesLowercase = /\p{Ll}/u.test(next);
  const ellipsis = terminator.includes("…") || terminator.startsWith("..");
  if (ellipsis || continuesLowercase) return !continuesLowercase && /[\p{Lu}\d"“]/u.test(next);
  if (terminator === ".") {
    const word = /([\p{L}.]+)$/u.exec(before)?.[1]?.toLowerCase() ?? "";
    if (ABBREVIATIONS.has(word)) return false;
    if (word === "no" && /\d/.test(next)) return false; // "No. 5"
    // A single capital ("J. Smith") is an initial.
    if (/^\p{Lu}$/u.test(/(\S+)$/.exec(before)?.[1] ?? "")) return false;
  }
  return true;
}
