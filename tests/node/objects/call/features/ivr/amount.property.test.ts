// Reading a keyed amount: dollars and cents then `#` (`15000#` = $150.00). Whatever is
// keyed, an accepted amount is never zero, never above the balance, and exactly the
// cents keyed; everything else is refused with a reason.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readAmount } from "../../../../../../objects/call/features/ivr/amount";

const balance = fc.integer({ min: 0, max: 999_999_999 });
const keys = fc.string({ unit: fc.constantFrom("0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "*", "#", "A"), maxLength: 14 });

describe("reading a keyed amount", () => {
  it("reads dollars and cents: 15000# is $150.00", () => {
    expect(readAmount("15000#", 20_000)).toEqual({ kind: "amount", amountCents: 15_000 });
    expect(readAmount("15000", 20_000)).toEqual({ kind: "amount", amountCents: 15_000 });
    expect(readAmount("0150", 20_000)).toEqual({ kind: "amount", amountCents: 150 });
  });

  it("refuses 0#, an empty entry, non-digits and more than the balance, saying which", () => {
    expect(readAmount("0#", 20_000)).toEqual({ kind: "rejected", reason: "zero" });
    expect(readAmount("000", 20_000)).toEqual({ kind: "rejected", reason: "zero" });
    expect(readAmount("", 20_000)).toEqual({ kind: "rejected", reason: "empty" });
    expect(readAmount(null, 20_000)).toEqual({ kind: "rejected", reason: "empty" });
    expect(readAmount("#", 20_000)).toEqual({ kind: "rejected", reason: "empty" });
    expect(readAmount("12*5", 20_000)).toEqual({ kind: "rejected", reason: "not_digits" });
    expect(readAmount("20001", 20_000)).toEqual({ kind: "rejected", reason: "above_balance" });
    expect(readAmount("20000", 20_000)).toEqual({ kind: "amount", amountCents: 20_000 });
    expect(readAmount("99999999999999", 20_000)).toEqual({ kind: "rejected", reason: "above_balance" });
  });

  it("never accepts zero or more than the balance, whatever is keyed", () => {
    fc.assert(
      fc.property(keys, balance, (keyed, balanceCents) => {
        const reading = readAmount(keyed, balanceCents);
        if (reading.kind === "amount") {
          expect(reading.amountCents).toBeGreaterThan(0);
          expect(reading.amountCents).toBeLessThanOrEqual(balanceCents);
          expect(Number.isInteger(reading.amountCents)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps the cents exact: any amount up to the balance, keyed as digits with or without #, reads back as itself", () => {
    fc.assert(
      fc.property(balance.filter((b) => b > 0), fc.double({ min: 0, max: 1, noNaN: true }), fc.boolean(), fc.nat({ max: 3 }), (balanceCents, share, pound, zeros) => {
        const cents = Math.max(1, Math.floor(balanceCents * share));
        const keyed = `${"0".repeat(zeros)}${cents}${pound ? "#" : ""}`;
        expect(readAmount(keyed, balanceCents)).toEqual({ kind: "amount", amountCents: cents });
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses exactly the amounts above the balance", () => {
    fc.assert(
      fc.property(balance, fc.integer({ min: 1, max: 999_999_999 }), (balanceCents, cents) => {
        const reading = readAmount(String(cents), balanceCents);
        expect(reading.kind === "amount").toBe(cents <= balanceCents);
      }),
    );
  });
});
