// Cuts an account CSV into the chunks the console imports one request at a time, so the
// progress bar moves as rows are really stored. Each chunk is the header plus the good rows
// of whole accounts (every row of one account_ref travels together, because the server
// merges an account's rows only within one request), about `CHUNK_ROWS` rows each.
//
// The server parses and validates everything again; this only has to find where records
// start and end (RFC 4180 quotes, CRLF/LF/CR, a BOM) and read one column, numbering rows
// exactly as the server does: a spreadsheet's rows, header = 1, blank lines counted.

export const CHUNK_ROWS = 500;

export interface CsvLine {
  /** Row number as the server reports it (header = 1). */
  row: number;
  /** The record's text as in the file, without its line ending. */
  text: string;
}

export interface ImportChunk {
  /** Header line plus the chunk's records, ready for POST /api/accounts/import. */
  csv: string;
  /** fileRows[i] is the file's row number of the chunk's data row i (the chunk's row i + 2). */
  fileRows: number[];
}

/** Every non-blank record of the text with its row number. */
export function splitRecords(text: string): CsvLine[] {
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const lines: CsvLine[] = [];
  let row = 1;
  let start = 0;
  let inQuotes = false;
  // As on the server, only a quote that opens a field starts quoting.
  let atFieldStart = true;
  const end = (stop: number) => {
    const record = source.slice(start, stop);
    if (record.trim() !== "") lines.push({ row, text: record });
  };
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (inQuotes) {
      if (ch === '"' && source[i + 1] === '"') i++;
      else if (ch === '"') inQuotes = false;
      continue;
    }
    if (ch === '"' && atFieldStart) {
      inQuotes = true;
      atFieldStart = false;
    } else if (ch === ",") atFieldStart = true;
    else if (ch === "\n" || ch === "\r") {
      end(i);
      if (ch === "\r" && source[i + 1] === "\n") i++;
      row++;
      start = i + 1;
      atFieldStart = true;
    } else atFieldStart = false;
  }
  end(source.length);
  return lines;
}

/** The fields of one record (quotes removed, "" read as "). */
export function splitFields(record: string): string[] {
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

const columnName = (name: string) => name.trim().toLowerCase().replace(/[\s-]+/g, "_");

/**
 * The good rows (those not in `rejectedRows`) in chunks of whole accounts, in file order of each
 * account's first row. Empty when the file has no header or no account_ref column.
 */
export function importChunks(text: string, rejectedRows: readonly number[], chunkRows = CHUNK_ROWS): ImportChunk[] {
  const [header, ...records] = splitRecords(text);
  if (!header) return [];
  const refColumn = splitFields(header.text).map(columnName).indexOf("account_ref");
  if (refColumn < 0) return [];
  const rejected = new Set(rejectedRows);

  const byAccount = new Map<string, CsvLine[]>();
  for (const record of records) {
    if (rejected.has(record.row)) continue;
    const ref = (splitFields(record.text)[refColumn] ?? "").trim();
    const group = byAccount.get(ref);
    if (group) group.push(record);
    else byAccount.set(ref, [record]);
  }

  const chunks: ImportChunk[] = [];
  let current: CsvLine[] = [];
  const close = () => {
    if (current.length === 0) return;
    chunks.push({ csv: [header.text, ...current.map((r) => r.text)].join("\n"), fileRows: current.map((r) => r.row) });
    current = [];
  };
  for (const group of byAccount.values()) {
    current.push(...group);
    if (current.length >= chunkRows) close();
  }
  close();
  return chunks;
}
