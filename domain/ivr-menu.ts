// The IVR menu's sentence, built from the options the organisation offers (each says its
// own key: a key keeps its meaning when another option is off). Pure data with no
// runtime imports, so the console's IVR settings preview says exactly what a caller hears.
import { IVR_MENU_KEYS, IVR_MENU_OPTIONS, type IvrLanguage, type IvrMenuOption } from "./ivr-settings";

const MENU_LINES: Record<IvrLanguage, Record<IvrMenuOption, string>> = {
  en: { pay: "To make a payment, press 1.", balance: "To hear your balance, press 2.", agent: "To speak with an agent, press 3." },
  es: { pay: "Para hacer un pago, oprima 1.", balance: "Para escuchar su saldo, oprima 2.", agent: "Para hablar con un agente, oprima 3." },
};

/** An option of the organisation's own, said with its label: "Dispute a charge, press 2." */
const OWN_LINE: Record<IvrLanguage, (label: string, key: string) => string> = {
  en: (label, key) => `${label.replace(/[.\s]+$/, "")}, press ${key}.`,
  es: (label, key) => `${label.replace(/[.\s]+$/, "")}, oprima ${key}.`,
};

/**
 * The menu as said in `language`, offering `options` (absent: all three, as calls started
 * before menu options) and the organisation's own options, every line in key order.
 */
export function menuText(language: IvrLanguage, options: readonly IvrMenuOption[] = IVR_MENU_OPTIONS, own: readonly { key: string; label: string }[] = []): string {
  const lines = [
    ...IVR_MENU_OPTIONS.filter((option) => options.includes(option)).map((option) => ({ key: IVR_MENU_KEYS[option], text: MENU_LINES[language][option] })),
    ...own.map((option) => ({ key: option.key, text: OWN_LINE[language](option.label, option.key) })),
  ];
  return lines
    .sort((a, b) => a.key.localeCompare(b.key))
    .map((line) => line.text)
    .join(" ");
}
