// An organisation's IVR settings: what its phone menu says (greeting, identity
// disclosure, hold message) in each language it has a prompt set for, which of the menu's
// options it offers (1 pay, 2 balance, 3 agent: a key keeps its meaning when another
// option is off; at least one is offered), options of its own that send the caller to one
// of its inbound queues (a key no offered option uses, and the words said for it), which language a
// caller gets when their account's is not one of them, and how long a caller holds for a
// payment before being told how to pay later. Stored with the organisation (JSON),
// read through `ivrSettings` (a row from an older build gets the defaults), and copied
// into an IVR call's spec when the call starts.
import { z } from "zod";

/** The languages the IVR has built-in phrases for (objects/call/features/ivr/phrases.ts). */
export const IVR_LANGUAGES = ["en", "es"] as const;
export type IvrLanguage = (typeof IVR_LANGUAGES)[number];

/** How long a caller holds for a payment by default: 5 minutes. */
export const DEFAULT_PAYMENT_HOLD_SECONDS = 300;
export const MIN_PAYMENT_HOLD_SECONDS = 60;
export const MAX_PAYMENT_HOLD_SECONDS = 1800;

/** The menu's options, in the order they are offered; each keeps its key whatever else is offered. */
export const IVR_MENU_OPTIONS = ["pay", "balance", "agent"] as const;
export type IvrMenuOption = (typeof IVR_MENU_OPTIONS)[number];
export const IVR_MENU_KEYS: Record<IvrMenuOption, "1" | "2" | "3"> = { pay: "1", balance: "2", agent: "3" };

/** The options offered, each once, in menu order (so equal choices are stored alike). */
export const ivrMenuOptions = z
  .array(z.enum(IVR_MENU_OPTIONS))
  .min(1, "offer at least one menu option")
  .refine((options) => new Set(options).size === options.length, "each menu option once")
  .transform((options) => IVR_MENU_OPTIONS.filter((option) => options.includes(option)));

/** The keys an option of the organisation's own may take (0, * and # are not menu keys). */
export const IVR_OPTION_KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9"] as const;
export type IvrOptionKey = (typeof IVR_OPTION_KEYS)[number];

/**
 * A menu option of the organisation's own: its key, what it is called ("Dispute a charge": said
 * in the menu, and shown to the agent as why the caller is calling), and where it sends the
 * caller: into one of the organisation's queues, carrying the key and label with them.
 */
export const ivrQueueOption = z.strictObject({
  key: z.enum(IVR_OPTION_KEYS),
  label: z.string().trim().min(1).max(60),
  action: z.strictObject({ kind: z.literal("queue"), queueId: z.uuid() }),
});
export type IvrQueueOption = z.infer<typeof ivrQueueOption>;

export const ivrPromptSet = z.strictObject({
  greeting: z.string().trim().min(1).max(500),
  /** The identity disclosure the law asks a collector to give (who is calling and why). */
  disclosure: z.string().trim().min(1).max(1000),
  holdMessage: z.string().trim().min(1).max(500),
});
export type IvrPromptSet = z.infer<typeof ivrPromptSet>;

export const ivrSettings = z
  .strictObject({
    defaultLanguage: z.enum(IVR_LANGUAGES),
    prompts: z.strictObject({ en: ivrPromptSet.optional(), es: ivrPromptSet.optional() }),
    paymentHoldSeconds: z.number().int().min(MIN_PAYMENT_HOLD_SECONDS).max(MAX_PAYMENT_HOLD_SECONDS),
    /** Omitted (a client written before menu options, or a row stored before them): all three, as then. */
    menuOptions: ivrMenuOptions.default([...IVR_MENU_OPTIONS]),
    /** Omitted (a row or client from before them): none. */
    queueOptions: z.array(ivrQueueOption).max(IVR_OPTION_KEYS.length).default([]),
  })
  .refine((settings) => settings.prompts[settings.defaultLanguage] !== undefined, {
    path: ["prompts"],
    message: "the default language needs a prompt set",
  })
  .superRefine((settings, ctx) => {
    const taken = new Map<string, string>(settings.menuOptions.map((option) => [IVR_MENU_KEYS[option], `the ${option} option`]));
    settings.queueOptions.forEach((option, index) => {
      const holder = taken.get(option.key);
      if (holder) ctx.addIssue({ code: "custom", path: ["queueOptions", index, "key"], message: `key ${option.key} is already ${holder}'s` });
      taken.set(option.key, `option ${index + 1}`);
    });
  });
export type IvrSettings = z.infer<typeof ivrSettings>;

export const DEFAULT_IVR_SETTINGS: IvrSettings = {
  defaultLanguage: "en",
  prompts: {
    en: {
      greeting: "Thank you for calling.",
      disclosure: "This is a debt collector. This is an attempt to collect a debt, and any information obtained will be used for that purpose.",
      holdMessage: "Please stay on the line while you complete your payment.",
    },
    es: {
      greeting: "Gracias por llamar.",
      disclosure: "Esta es una agencia de cobranza. Esto es un intento de cobrar una deuda y cualquier información obtenida se utilizará con ese fin.",
      holdMessage: "Por favor, permanezca en la línea mientras completa su pago.",
    },
  },
  paymentHoldSeconds: DEFAULT_PAYMENT_HOLD_SECONDS,
  menuOptions: [...IVR_MENU_OPTIONS],
  queueOptions: [],
};

/** Stored settings read back; a row from before menu options offers all three; anything unreadable (or none yet) is the defaults. */
export const readIvrSettings = (stored: unknown): IvrSettings => {
  const parsed = ivrSettings.safeParse(stored);
  return parsed.success ? parsed.data : DEFAULT_IVR_SETTINGS;
};

/** The language a caller hears: their account's when the organisation has a prompt set for it, else the default. */
export function ivrLanguageFor(settings: Pick<IvrSettings, "prompts" | "defaultLanguage">, preferred: string | null | undefined): IvrLanguage {
  const wanted = (preferred ?? "").trim().toLowerCase().slice(0, 2);
  const match = IVR_LANGUAGES.find((language) => language === wanted);
  return match && settings.prompts[match] ? match : settings.defaultLanguage;
}
