// Reading the amount a caller keys in: dollars and cents as one run of digits, then `#`
// (`15000#` = $150.00). Pure. An empty entry, anything but digits, zero, or more than
// the balance is refused with its reason (the IVR says which and asks again).
import type { IvrAmountReading } from "../../carrier-event";

/** More digits than this cannot be a balance we hold ($9,999,999.99), so is over any balance. */
const MAX_AMOUNT_DIGITS = 9;

export function readAmount(keyed: string | null, balanceCents: number): IvrAmountReading {
  // The carrier leaves the terminator out; a `#` still there is the caller's, read as the end.
  const digits = (keyed ?? "").replace(/#$/, "");
  if (digits === "") return { kind: "rejected", reason: "empty" };
  if (!/^[0-9]+$/.test(digits)) return { kind: "rejected", reason: "not_digits" };
  const significant = digits.replace(/^0+/, "");
  if (significant === "") return { kind: "rejected", reason: "zero" };
  if (significant.length > MAX_AMOUNT_DIGITS) return { kind: "rejected", reason: "above_balance" };
  const amountCents = Number(significant);
  if (amountCents > balanceCents) return { kind: "rejected", reason: "above_balance" };
  return { kind: "amount", amountCents };
}
