// The IVR menu's sentence, built from the options the organisation offers (each says its
// own key: a key keeps its meaning when another option is off). Pure data with no
// runtime imports, so the console's IVR settings preview says exactly what a caller hears.
import { IVR_MENU_OPTIONS, type IvrLanguage, type IvrMenuOption } from "./ivr-settings";

const MENU_LINES: Record<IvrLanguage, Record<IvrMenuOption, string>> = {
  en: { pay: "To make a payment, press 1.", balance: "To hear your balance, press 2.", agent: "To speak with an agent, press 3." },
  es: { pay: "Para hacer un pago, oprima 1.", balance: "Para escuchar su saldo, oprima 2.", agent: "Para hablar con un agente, oprima 3." },
};

/** The menu as said in `language`, offering `options` (absent: all three, as calls started before menu options). */
export function menuText(language: IvrLanguage, options: readonly IvrMenuOption[] = IVR_MENU_OPTIONS): string {
  return IVR_MENU_OPTIONS.filter((option) => options.includes(option))
    .map((option) => MENU_LINES[language][option])
    .join(" ");
}
