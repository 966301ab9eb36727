// One byte range from a Range header (RFC 9110 §14), for serving recordings a player
// seeks in. Only a single range of bytes is honoured; anything else (several ranges,
// another unit, a malformed or unsatisfiable range) is ignored, which the RFC allows:
// the whole file is sent instead, so a player never gets an error for seeking.

export interface ByteRange {
  /** First byte, inclusive. */
  offset: number;
  length: number;
}

export function parseByteRange(header: string | null | undefined, sizeBytes: number): ByteRange | null {
  if (!header || sizeBytes <= 0) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match) return null;
  const [, first = "", last = ""] = match;
  if (first === "" && last === "") return null;
  if (first === "") {
    // "bytes=-500": the last 500 bytes.
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix) || suffix === 0) return null;
    const length = Math.min(suffix, sizeBytes);
    return { offset: sizeBytes - length, length };
  }
  const offset = Number(first);
  const end = last === "" ? sizeBytes - 1 : Math.min(Number(last), sizeBytes - 1);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(end) || offset >= sizeBytes || end < offset) return null;
  return { offset, length: end - offset + 1 };
}

/** The Content-Range of a partial answer: `bytes 0-99/1000`. */
export const contentRange = (range: ByteRange, sizeBytes: number) => `bytes ${range.offset}-${range.offset + range.length - 1}/${sizeBytes}`;
