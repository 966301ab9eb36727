// The dispositions an agent can give a call (PATCH /api/calls/:id), in the words the console
// uses, in the protocol's DISPOSITIONS order, each with its digit shortcut in the wrap-up form.
import { DISPOSITIONS } from "$protocol/campaign/protocol";
import type { Disposition } from "$protocol/campaign/protocol";
import { digitForDisposition } from "./disposition-details";

const labels: Record<Disposition, string> = {
  promise_to_pay: "Promise to pay",
  paid: "Paid",
  callback: "Call back",
  refused: "Refused",
  dispute: "Dispute",
  wrong_number: "Wrong number",
  no_contact: "No contact",
  other: "Other",
};

export const dispositions: readonly { value: Disposition; label: string; digit: string }[] = DISPOSITIONS.map((value) => ({
  value,
  label: labels[value],
  digit: digitForDisposition(value),
}));

export function dispositionLabel(value: Disposition | null): string {
  return value === null ? "—" : (labels[value] ?? "—");
}

export function isDisposition(value: string): value is Disposition {
  return Object.hasOwn(labels, value);
}
