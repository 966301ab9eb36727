// How an account CSV too large for one request is cut into the parts of a chunked import
// (POST /api/account-imports, then one request per chunk): the header row once, then
// contiguous slices of the file's own text, each ending on a line end outside quotes, each
// with the file row number of its first line. Sending the file's text as it is (blank lines
// and all) lets the server number rows exactly as it numbers a whole file, and check that
// chunk k+1 starts on the row after chunk k ends. The console and the import benchmark both
// cut files with this; the Worker's reader (worker/accounts/csv.ts) must agree with it on
// where a record ends, which tests/node/domain/account-import-chunks.test.ts checks.
//
// A cut never falls between two consecutive rows of one account (same account_ref), because
// the server merges an account's rows only within one chunk.

/** Rows per chunk: a chunk is planned, compared and stored in one request's CPU budget. */
export const IMPORT_CHUNK_ROWS = 5_000;
/** Characters per chunk (about 1 MiB of ASCII): rows can be long. */
export const IMPORT_CHUNK_CHARS = 1024 * 1024;

export interface ImportFileChunk {
  index: number;
  /** The file row (header = 1, as a spreadsheet numbers rows) of the chunk's first line. */
  firstRow: number;
  /** The file's text from that line up to and including the chunk's last line end. */
  csv: string;
  /** Lines in the chunk (blank ones too): the next chunk starts on row firstRow + lines. */
  lines: number;
  /** Non-blank records in the chunk: what a progress bar counts. */
  records: number;
}

export interface ImportFileParts {
  /** The header record's text, without its line end; "" for an empty file. */
  header: string;
  chunks: ImportFileChunk[];
  /** Non-blank data records in the file. */
  records: number;
}

interface Limits {
  rows?: number;
  chars?: number;
}

const BOM = "\uFEFF";

/** Cuts `text` into the header and chunks of at most `rows` records / about `chars` characters. */
export function splitImportFile(text: string, limits: Limits = {}): ImportFileParts {
  const maxRows = limits.rows ?? IMPORT_CHUNK_ROWS;
  const maxChars = limits.chars ?? IMPORT_CHUNK_CHARS;
  const source = text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const scan = new RecordScanner(source);

  let header = "";
  let record = scan.next();
  while (record && record.blank) record = scan.next();
  if (!record) return { header: "", chunks: [], records: 0 };
  header = source.slice(record.start, record.contentEnd);
  const refColumn = columnIndex(header, "account_ref");

  const chunks: ImportFileChunk[] = [];
  let chunkStart = record.end;
  let firstRow = record.row + 1;
  let lines = 0;
  let records = 0;
  let totalRecords = 0;
  let lastRef: string | null = null;
  const close = (end: number) => {
    if (lines === 0) return;
    chunks.push({ index: chunks.length, firstRow, csv: source.slice(chunkStart, end), lines, records });
    chunkStart = end;
    firstRow += lines;
    lines = 0;
    records = 0;
  };

  for (record = scan.next(); record; record = scan.next()) {
    const ref = record.blank || refColumn < 0 ? null : (fieldAt(source.slice(record.start, record.contentEnd), refColumn) ?? "").trim();
    const full = records >= maxRows || record.end - chunkStart > maxChars;
    // Rows of one account stay together: the cut waits for the next account.
    if (full && !(ref !== null && ref !== "" && ref === lastRef)) close(record.start);
    lines++;
    if (!record.blank) {
      records++;
      totalRecords++;
      lastRef = ref;
    }
  }
  close(source.length);
  return { header, chunks, records: totalRecords };
}

interface ScannedRecord {
  start: number;
  /** Where the record's text ends (before its line end). */
  contentEnd: number;
  /** After its line end. */
  end: number;
  row: number;
  blank: boolean;
}

/**
 * Finds where records end as worker/accounts/csv.ts reads them: a quote opens a quoted
 * field only when the field so far is empty, a doubled quote inside quotes is a quote,
 * and CRLF, LF and a lone CR end a line outside quotes.
 */
class RecordScanner {
  #i = 0;
  #row = 1;
  constructor(private readonly source: string) {}

  next(): ScannedRecord | null {
    const source = this.source;
    if (this.#i >= source.length) return null;
    const start = this.#i;
    let inQuotes = false;
    let fieldEmpty = true;
    let blank = true;
    for (let i = start; i < source.length; i++) {
      const ch = source[i];
      if (inQuotes) {
        if (ch === '"') {
          if (source[i + 1] === '"') {
            fieldEmpty = false;
            i++;
          } else inQuotes = false;
        } else fieldEmpty = false;
        continue;
      }
      if (ch === "\r" || ch === "\n") {
        const end = ch === "\r" && source[i + 1] === "\n" ? i + 2 : i + 1;
        const found = { start, contentEnd: i, end, row: this.#row, blank };
        this.#i = end;
        this.#row++;
        return found;
      }
      blank = false;
      if (ch === '"' && fieldEmpty) inQuotes = true;
      else if (ch === ",") fieldEmpty = true;
      else fieldEmpty = false;
    }
    this.#i = source.length;
    const found = { start, contentEnd: source.length, end: source.length, row: this.#row, blank };
    this.#row++;
    return found;
  }
}

/** The position of `column` in the header (names compared as the server compares them), or -1. */
function columnIndex(header: string, column: string): number {
  return splitFields(header).findIndex((name) => name.trim().toLowerCase().replace(/[\s-]+/g, "_") === column);
}

function fieldAt(record: string, position: number): string | undefined {
  return splitFields(record)[position];
}

/** The fields of one record (quotes removed, "" read as "). */
function splitFields(record: string): string[] {
  const fields: string[] = [];
  let field = "";
  let inQuotes = false;
  for (let i = 0; i < record.length; i++) {
    const ch = record[i];
    if (inQuotes) {
      if (ch === '"' && record[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') inQuotes = false;
      else field += ch;
    } else if (ch === '"' && field === "") inQuotes = true;
    else if (ch === ",") {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
