// The organisation's IVR settings: greeting, disclosure and hold message per language,
// the default language, the menu options offered (and the organisation's own, each sending
// the caller to a queue), and how long a caller holds for a payment.
import { z } from "zod";
import { IVR_MENU_OPTIONS, ivrPromptSet, ivrQueueOption } from "../../../domain/ivr-settings";
import { routeContract } from "./contract";

const storedIvrSettings = z.strictObject({
  defaultLanguage: z.enum(["en", "es"]),
  prompts: z.strictObject({ en: ivrPromptSet.optional(), es: ivrPromptSet.optional() }),
  paymentHoldSeconds: z.number().int(),
  menuOptions: z.array(z.enum(IVR_MENU_OPTIONS)),
  queueOptions: z.array(ivrQueueOption),
});
const ivrSettingsBody = z.strictObject({ ivrSettings: storedIvrSettings });

/** The settings in force (the defaults until an admin sets them). */
export const getIvrSettings = routeContract({ method: "GET", path: "/api/ivr-settings", response: { 200: ivrSettingsBody }, errors: [] });
/** Replaces the settings as a whole (a partial body is a 400 naming what is missing). */
export const setIvrSettings = routeContract({ method: "PATCH", path: "/api/ivr-settings", response: { 200: ivrSettingsBody }, errors: [] });

export const ivrSettingsRoutes = [getIvrSettings, setIvrSettings] as const;
