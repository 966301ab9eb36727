// The dispositions an agent can give a call (PATCH /api/calls/:id), in the words the console uses.
import type { Disposition } from "./api-contract";

export const dispositions: readonly { value: Disposition; label: string }[] = [
  { value: "promise_to_pay", label: "Promise to pay" },
  { value: "paid", label: "Paid" },
  { value: "callback", label: "Call back" },
  { value: "refused", label: "Refused" },
  { value: "dispute", label: "Dispute" },
  { value: "wrong_number", label: "Wrong number" },
  { value: "no_contact", label: "No contact" },
  { value: "other", label: "Other" },
];

export function dispositionLabel(value: Disposition | null): string {
  return dispositions.find((d) => d.value === value)?.label ?? "—";
}

export function isDisposition(value: string): value is Disposition {
  return dispositions.some((d) => d.value === value);
}
