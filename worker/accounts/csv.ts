// Reads CSV text (RFC 4180) into records: comma-separated fields, fields in double quotes
// may hold commas, line breaks and doubled quotes (""), lines end in CRLF, LF or a lone CR,
// and a leading byte-order mark is dropped. Each record carries its row number as a
// spreadsheet shows it (the first record is row 1, a blank line is a row, a line break
// inside quotes is not), so import errors point at the row a person sees when they open
// the file in a spreadsheet.
//
// Lenient where spreadsheets are: a quote inside an unquoted field is kept as a character,
// and text after a closing quote is kept. The one thing it refuses is a quoted field that
// never closes: that record is flagged, because everything after it would be misread.

export interface CsvRecord {
  /** 1-based, as a spreadsheet numbers rows: the header is row 1. */
  readonly row: number;
  readonly fields: readonly string[];
  /** The record ends inside a quoted field that was never closed (only ever the last record). */
  readonly unterminatedQuote: boolean;
}

const BOM = "\uFEFF";

/** Every record of `text`, blank lines left out (they still count as rows). */
export function parseCsv(text: string): CsvRecord[] {
  return readCsvLines(text, 1).records;
}

export interface CsvLines {
  records: CsvRecord[];
  /** The row a text following this one starts on: `firstRow` plus the lines it holds. */
  nextRow: number;
}

/**
 * The records of a part of a file whose first line is row `firstRow` (a chunk of a chunked
 * import, domain/account-import-chunks.ts), numbered as rows of the whole file.
 */
export function readCsvLines(text: string, firstRow: number): CsvLines {
  // Only a file's first line can carry a byte-order mark.
  const source = firstRow === 1 && text.startsWith(BOM) ? text.slice(BOM.length) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let inQuotes = false;
  let row = firstRow;
  // A line with nothing on it is skipped rather than read as one empty field.
  let recordHasContent = false;

  const endField = () => {
    fields.push(field);
    field = "";
  };
  const endRecord = (unterminatedQuote: boolean) => {
    endField();
    if (recordHasContent) records.push({ row, fields, unterminatedQuote });
    fields = [];
    recordHasContent = false;
  };

  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
        }
      } else {
        field += ch;
      }
      continue;
    }
    switch (ch) {
      case '"':
        recordHasContent = true;
        // Only a quote that opens a field starts quoting; elsewhere it is an ordinary character.
        if (field === "") inQuotes = true;
        else field += ch;
        break;
      case ",":
        recordHasContent = true;
        endField();
        break;
      case "\r":
      case "\n":
        if (ch === "\r" && source[i + 1] === "\n") i++;
        endRecord(false);
        row++;
        break;
      default:
        recordHasContent = true;
        field += ch;
    }
  }
  const endsOnLineEnd = source.length === 0 || (!inQuotes && (source.endsWith("\n") || source.endsWith("\r")));
  if (inQuotes || recordHasContent || field !== "") endRecord(inQuotes);
  return { records, nextRow: endsOnLineEnd ? row : row + 1 };
}
