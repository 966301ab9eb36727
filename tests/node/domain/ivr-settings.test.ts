// Which language an IVR caller hears, and what settings an organisation may store.
import { describe, expect, it } from "vitest";
import { DEFAULT_IVR_SETTINGS, ivrLanguageFor, ivrSettings, readIvrSettings } from "../../../domain/ivr-settings";

const englishOnly = { ...DEFAULT_IVR_SETTINGS, prompts: { en: DEFAULT_IVR_SETTINGS.prompts.en } };

describe("the IVR's language", () => {
  it("is the account's where the organisation has a prompt set for it, else the default", () => {
    expect(ivrLanguageFor(DEFAULT_IVR_SETTINGS, "es")).toBe("es");
    expect(ivrLanguageFor(DEFAULT_IVR_SETTINGS, "es-MX")).toBe("es");
    expect(ivrLanguageFor(englishOnly, "es")).toBe("en");
    expect(ivrLanguageFor(DEFAULT_IVR_SETTINGS, "fr")).toBe("en");
    expect(ivrLanguageFor(DEFAULT_IVR_SETTINGS, null)).toBe("en");
    expect(ivrLanguageFor({ ...DEFAULT_IVR_SETTINGS, defaultLanguage: "es" }, undefined)).toBe("es");
  });
});

describe("IVR settings", () => {
  it("need a prompt set for the default language and a hold time of 1 to 30 minutes", () => {
    expect(ivrSettings.safeParse(DEFAULT_IVR_SETTINGS).success).toBe(true);
    expect(ivrSettings.safeParse({ ...englishOnly, defaultLanguage: "es" }).success).toBe(false);
    expect(ivrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, paymentHoldSeconds: 59 }).success).toBe(false);
    expect(ivrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, paymentHoldSeconds: 1801 }).success).toBe(false);
    expect(DEFAULT_IVR_SETTINGS.paymentHoldSeconds).toBe(300);
  });

  it("read back as the defaults when none or something unreadable is stored", () => {
    expect(readIvrSettings(null)).toEqual(DEFAULT_IVR_SETTINGS);
    expect(readIvrSettings({ prompts: 3 })).toEqual(DEFAULT_IVR_SETTINGS);
    expect(readIvrSettings(englishOnly)).toEqual(englishOnly);
  });
});
