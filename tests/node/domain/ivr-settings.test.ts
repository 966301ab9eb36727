// Which language an IVR caller hears, and what settings an organisation may store.
import { describe, expect, it } from "vitest";
import { DEFAULT_IVR_SETTINGS, IVR_MENU_OPTIONS, ivrLanguageFor, ivrSettings, readIvrSettings } from "../../../domain/ivr-settings";

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

  it("offer at least one menu option, each once, stored in menu order", () => {
    expect(DEFAULT_IVR_SETTINGS.menuOptions).toEqual(["pay", "balance", "agent"]);
    expect(ivrSettings.parse({ ...DEFAULT_IVR_SETTINGS, menuOptions: ["agent", "pay"] }).menuOptions).toEqual(["pay", "agent"]);
    expect(ivrSettings.parse({ ...DEFAULT_IVR_SETTINGS, menuOptions: ["balance"] }).menuOptions).toEqual(["balance"]);
    const refused = (menuOptions: unknown) => ivrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, menuOptions }).error?.issues.map((issue) => issue.path.join("."));
    expect(refused([])).toEqual(["menuOptions"]);
    expect(refused(["pay", "pay"])).toEqual(["menuOptions"]);
    expect(refused(["transfer"])).toEqual(["menuOptions.0"]);
    expect(refused("pay")).toEqual(["menuOptions"]);
  });

  it("a body without menu options (a client written before them) offers all three, as then", () => {
    const { menuOptions: _, ...withoutOptions } = { ...DEFAULT_IVR_SETTINGS, menuOptions: ["agent"] };
    expect(ivrSettings.parse(withoutOptions).menuOptions).toEqual(["pay", "balance", "agent"]);
  });

  it("stored before menu options existed, read back offering all three (and the rest as stored)", () => {
    const { menuOptions: _, ...older } = { ...englishOnly, paymentHoldSeconds: 240 };
    expect(readIvrSettings(older)).toEqual({ ...older, menuOptions: [...IVR_MENU_OPTIONS] });
    expect(readIvrSettings({ ...englishOnly, menuOptions: ["agent"] }).menuOptions).toEqual(["agent"]);
  });
  it("take options of the organisation's own sending callers to a queue, each on a key no offered option uses (none stored before them)", () => {
    const queueId = "44444444-4444-4444-8444-444444444444";
    const disputes = { key: "2", label: " Dispute a charge ", action: { kind: "queue", queueId } };
    expect(ivrSettings.parse({ ...DEFAULT_IVR_SETTINGS, menuOptions: ["pay", "agent"], queueOptions: [disputes] }).queueOptions).toEqual([{ ...disputes, label: "Dispute a charge" }]);
    const refused = (body: Record<string, unknown>) => ivrSettings.safeParse({ ...DEFAULT_IVR_SETTINGS, ...body }).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    expect(refused({ queueOptions: [disputes] })).toEqual(["queueOptions.0.key: key 2 is already the balance option's"]);
    expect(refused({ menuOptions: ["pay"], queueOptions: [disputes, { ...disputes, label: "Again" }] })).toEqual(["queueOptions.1.key: key 2 is already option 1's"]);
    expect(refused({ queueOptions: [{ ...disputes, key: "0" }] })?.[0]).toMatch(/^queueOptions\.0\.key/);
    expect(refused({ queueOptions: [{ ...disputes, key: "4", action: { kind: "queue", queueId: "nope" } }] })?.[0]).toMatch(/^queueOptions\.0\.action\.queueId/);
    expect(refused({ queueOptions: [{ ...disputes, key: "4", label: "" }] })?.[0]).toMatch(/^queueOptions\.0\.label/);
    expect(readIvrSettings(englishOnly).queueOptions).toEqual([]);
  });
});
