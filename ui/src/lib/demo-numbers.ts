// The carrier simulator's demo numbers, offered as quick picks when GET /api/health says the
// carrier is the simulator. Mirrors NUMBER_PLAN in sim/carrier/personas.ts (documented in
// sim/README.md): ui/ may not import sim/, so keep the two in step.

export interface DemoNumber {
  e164: string;
  label: string;
  /** What happens when you call it. */
  behaviour: string;
}

export const demoNumbers: readonly DemoNumber[] = [
  { e164: "+15550100001", label: "Live human (English)", behaviour: "Jordan answers and talks about a payment plan" },
  { e164: "+15550110001", label: "Live human (Spanish)", behaviour: "María answers in Spanish and asks for more time" },
  { e164: "+15550130001", label: "Live human (French)", behaviour: "Luc answers in French and disputes the amount" },
  { e164: "+15550120001", label: "Angry customer", behaviour: "Chris demands the calls stop and hangs up early" },
  { e164: "+15550200001", label: "Answering machine", behaviour: "A greeting, then a beep" },
  { e164: "+15550700001", label: "Not sure", behaviour: "A noisy line detection cannot classify; a human who pays" },
  { e164: "+15550300001", label: "No answer", behaviour: "Rings until the ring timeout" },
  { e164: "+15550400001", label: "Busy", behaviour: "The line is busy" },
  { e164: "+15550500001", label: "Invalid number", behaviour: "The network rejects the number" },
  { e164: "+15550600001", label: "Fax", behaviour: "Answers with fax tones" },
];
