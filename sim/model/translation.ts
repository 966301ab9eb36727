// The translation hook: a request whose system prompt asks to translate "into X" is
// answered here instead of by the collections persona. The carrier personas' scripted
// lines (sim/carrier/persona-scripts.ts: the Spanish and French callers, both sides)
// have fixed English translations below, placeholders and all, so a call with those
// personas is translated deterministically; any other line comes back marked with the
// target ("[fr] Hello?"), so a caller can still tell a translation was asked for and of
// what. Scripted, never a real model (the model id says so: wib-sim-1).
import type { Conversation } from "./script.ts";
import type { ScriptedReply } from "./wire.ts";

/** "Translate … into French" / "translate to fr-CA" → the target the prompt names. */
const PLACEHOLDER_TEST = /\{\w+\|[^}]*\}/;
const TARGET = /translat\w*\b[^.\n]*?\b(?:into|to)\s+([A-Za-z-]{2,20})/i;

/** [line as scripted, its English] — `{name|fallback}` placeholders are filled from the call alike. */
const SPANISH_LINES: readonly [string, string][] = [
  // live-human-es
  ["¿Bueno?", "Hello?"],
  ["¿Bueno? ¿Hay alguien ahí?", "Hello? Is anyone there?"],
  ["Hola, le habla {agent|un agente} de Word Is Bond, en una línea grabada. ¿Hablo con {customer|el titular de la cuenta}?", "Hello, this is {agent|an agent} from Word Is Bond, on a recorded line. Am I speaking with {customer|the account holder}?"],
  ["Sí, soy yo. ¿De qué se trata?", "Yes, speaking. What is this about?"],
  ["Le llamo por su cuenta. El saldo vencido es {balance|el de su último estado de cuenta}.", "I'm calling about your account. The past-due balance is {balance|the one on your last statement}."],
  ["Sí, lo sé. Me pagan el viernes. ¿Puedo pagar la próxima semana?", "Yes, I know. I get paid on Friday. Can I pay next week?"],
  ["Claro. Puedo anotar un pago para el lunes. ¿Le envío el enlace por mensaje?", "Of course. I can note a payment for Monday. Shall I send you the link by text?"],
  ["Sí, por favor, por mensaje de texto.", "Yes, please, by text message."],
  ["Perfecto. Gracias. Que tenga buen día.", "Perfect. Thank you. Have a good day."],
  ["Gracias, igualmente. Adiós.", "Thanks, you too. Goodbye."],
];
const FRENCH_LINES: readonly [string, string][] = [
  // live-human-fr
  ["Allô?", "Hello?"],
  ["Allô? Il y a quelqu'un?", "Hello? Is anyone there?"],
  ["Bonjour, ici {agent|un agent} de Word Is Bond, sur une ligne enregistrée. Est-ce que je parle à {customer|la personne titulaire du compte}?", "Hello, this is {agent|an agent} from Word Is Bond, on a recorded line. Am I speaking with {customer|the account holder}?"],
  ["Oui, c'est moi. C'est encore pour la facture?", "Yes, it's me. Is this about the bill again?"],
  ["Oui, pour votre compte. Le solde en souffrance : {balance|voir votre dernier relevé}.", "Yes, about your account. The outstanding balance: {balance|see your last statement}."],
  ["Ce montant-là est faux. J'ai déjà payé la moitié en février.", "That amount is wrong. I already paid half in February."],
  ["Je comprends. Je peux ouvrir une contestation et vous envoyer le relevé par écrit.", "I understand. I can open a dispute and send you the statement in writing."],
  ["D'accord, envoyez-moi ça par la poste. Je ne paierai rien avant de le voir.", "All right, send it to me by mail. I won't pay anything before I see it."],
  ["C'est noté. Vous recevrez le relevé d'ici dix jours. Merci.", "Noted. You will receive the statement within ten days. Thank you."],
  ["Bon. Au revoir.", "Fine. Goodbye."],
];
const INTO_ENGLISH: readonly [string, string][] = [...SPANISH_LINES, ...FRENCH_LINES];

/**
 * The other way, for an agent's line said to the customer in their language (voice-to-
 * voice): the persona scripts' English, back into the Spanish or French as scripted (lines
 * without placeholders), so a test hears real Spanish; any other line comes back marked.
 */
const FROM_ENGLISH: Readonly<Record<string, ReadonlyMap<string, string>>> = {
  es: new Map(SPANISH_LINES.filter(([source]) => !PLACEHOLDER_TEST.test(source)).map(([source, english]) => [english.toLowerCase(), source])),
  fr: new Map(FRENCH_LINES.filter(([source]) => !PLACEHOLDER_TEST.test(source)).map(([source, english]) => [english.toLowerCase(), source])),
};

const PLACEHOLDER = /\{(\w+)\|([^}]*)\}/g;
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

interface CompiledLine {
  pattern: RegExp;
  /** Each placeholder of the source in order: its name and fallback. */
  slots: { name: string; fallback: string }[];
  english: string;
}

const COMPILED: readonly CompiledLine[] = INTO_ENGLISH.map(([source, english]) => {
  const slots: CompiledLine["slots"] = [];
  let pattern = "";
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    pattern += escapeRegExp(source.slice(last, match.index)) + "(.+?)";
    slots.push({ name: match[1]!, fallback: match[2]! });
    last = match.index + match[0].length;
  }
  pattern += escapeRegExp(source.slice(last));
  return { pattern: new RegExp(`^${pattern}$`), slots, english };
});

/** The English of a persona's line as said (its placeholders filled), or null when it is not one. */
export function englishOfPersonaLine(said: string): string | null {
  for (const line of COMPILED) {
    const match = line.pattern.exec(said.trim());
    if (!match) continue;
    const filled = new Map(line.slots.map((slot, index) => [slot.name, match[index + 1] === slot.fallback ? null : match[index + 1]!]));
    return line.english.replace(PLACEHOLDER, (_, name: string, fallback: string) => filled.get(name) ?? fallback);
  }
  return null;
}

export function translationReply(conversation: Conversation): ScriptedReply | null {
  const target = TARGET.exec(conversation.system);
  if (!target) return null;
  const language = target[1]!.toLowerCase();
  const english = language === "en" || language === "english" ? englishOfPersonaLine(conversation.lastUser) : null;
  if (english) return { text: english, toolCalls: [], source: "translation:persona" };
  const scripted = FROM_ENGLISH[language]?.get(conversation.lastUser.trim().toLowerCase());
  if (scripted) return { text: scripted, toolCalls: [], source: "translation:persona" };
  return { text: `[${language}] ${conversation.lastUser}`, toolCalls: [], source: "translation:marked" };
}
