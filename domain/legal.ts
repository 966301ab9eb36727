// The law's numbers the engine enforces, each once. Campaign settings may be stricter,
// never looser; the API, the dialer, the call actor and the console all read them here.

/** 47 CFR 64.1200(a)(7): abandoned calls may not exceed 3 % of live-answered calls per campaign over 30 days. */
export const LEGAL_ABANDON_CAP_PERCENT = 3;
/** The same cap as a fraction of live-answered calls (abandonRate() is a fraction). */
export const LEGAL_ABANDON_CAP_RATE = LEGAL_ABANDON_CAP_PERCENT / 100;

/** 47 CFR 64.1200(a)(7)(i): a person who answers must reach an agent within 2 s, or hear the safe-harbor message. */
export const CONNECT_WINDOW_MS = 2000;

/** 47 CFR 64.1200(a)(6): an unanswered call must ring at least 15 seconds (or four rings). */
export const MIN_RING_TIMEOUT_SECONDS = 15;
/** What a call rings for unless told otherwise: above the legal minimum, below most voicemail pick-ups. */
export const DEFAULT_RING_TIMEOUT_SECONDS = 22;

/** 12 CFR 1006.6(b)(1)(i): 08:00–21:00 in the consumer's local time; a campaign may only narrow it. */
export const LEGAL_CALLING_WINDOW = { from: "08:00", to: "21:00" } as const;
