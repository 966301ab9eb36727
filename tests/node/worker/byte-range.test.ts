// The Range header a recording player sends when it seeks: one range of bytes is served
// (206), anything else the whole file, never an error.
import { describe, expect, it } from "vitest";
import { contentRange, parseByteRange } from "../../../worker/http/byte-range";

describe("a recording's byte range", () => {
  it("reads a start and end, an open end, and a suffix, clipped to the file", () => {
    expect(parseByteRange("bytes=0-99", 1000)).toEqual({ offset: 0, length: 100 });
    expect(parseByteRange("bytes=900-", 1000)).toEqual({ offset: 900, length: 100 });
    expect(parseByteRange("bytes=900-5000", 1000)).toEqual({ offset: 900, length: 100 });
    expect(parseByteRange("bytes=-100", 1000)).toEqual({ offset: 900, length: 100 });
    expect(parseByteRange("bytes=-5000", 1000)).toEqual({ offset: 0, length: 1000 });
    expect(contentRange({ offset: 900, length: 100 }, 1000)).toBe("bytes 900-999/1000");
  });

  it("ignores what it cannot serve as one range: none, several, another unit, past the end, backwards", () => {
    for (const header of [null, "", "bytes=-", "bytes=0-1,5-9", "items=0-1", "bytes=1000-", "bytes=50-10", "bytes=-0", "bytes=abc"]) {
      expect(parseByteRange(header, 1000), String(header)).toBeNull();
    }
    expect(parseByteRange("bytes=0-1", 0)).toBeNull();
  });
});
