// Decides whether an import body is CSV text at all, before it is read as rows. A binary
// file (an image, a spreadsheet saved as .xlsx) or a UTF-16 export renamed .csv would
// otherwise be read as thousands of garbage rows and echoed back as row errors. The body
// arrives as a JSON string, so the file's bytes were already decoded: bytes that were not
// UTF-8 show up as U+FFFD replacement characters, and UTF-16 or binary data as NULs and
// other control characters.

const REPLACEMENT_CHARACTER = "\uFFFD";
/** Control characters a text file does not hold (tab, line feed and carriage return are text). */
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
/** A stray control character in a notes cell is tolerated; a share above this is binary. */
const MAX_CONTROL_CHARACTER_SHARE = 0.01;
/** A header row is column names; a first line longer than this is not one. */
const MAX_HEADER_LINE_CHARS = 4_096;

/** Why `text` is not CSV text a person could have saved from a spreadsheet, or null when it is. */
export function whyNotCsvText(text: string): string | null {
  const badByte = text.indexOf(REPLACEMENT_CHARACTER);
  if (badByte >= 0) return `line ${lineOf(text, badByte)} holds bytes that are not UTF-8 text; save the file as "CSV UTF-8"`;
  if (text.includes("\u0000")) return "it holds NUL bytes, as a binary or UTF-16 file does; save the file as \"CSV UTF-8\"";
  const controls = text.match(CONTROL_CHARACTER)?.length ?? 0;
  if (controls > text.length * MAX_CONTROL_CHARACTER_SHARE) return "it holds control characters, as a binary file does";
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/).find((line) => line.trim() !== "");
  // An empty file is left to the import, which reports the missing header columns.
  if (firstLine === undefined) return null;
  if (firstLine.length > MAX_HEADER_LINE_CHARS || !/\p{L}/u.test(firstLine)) return "its first line is not a header row of column names";
  return null;
}

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) {
    const ch = text[i];
    if (ch === "\n" || (ch === "\r" && text[i + 1] !== "\n")) line++;
  }
  return line;
}
