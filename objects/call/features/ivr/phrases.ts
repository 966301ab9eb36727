// What the IVR says, in each language it speaks: the fixed lines around the
// organisation's own texts (greeting, disclosure, hold message, from the call's spec);
// the menu itself is built from the options offered (menu.ts).
// Pure data and small functions; amounts are said as "$150.00".
import { balanceAsSaid } from "../../call-spec";
import type { IvrLanguage } from "../../../../domain/ivr-settings";
import type { IvrAmountReading } from "../../carrier-event";

type Rejection = Extract<IvrAmountReading, { kind: "rejected" }>["reason"];

export interface IvrPhrases {
  /** The carrier's text-to-speech language. */
  carrierLanguage: "en-US" | "es-US";
  balance(cents: number): string;
  noAccount: string;
  nothingOwed: string;
  notAChoice: string;
  payChoice(balanceCents: number): string;
  amountPrompt: string;
  amountRejected: Record<Rejection, string>;
  linkComing(amountCents: number): string;
  linkSent: string;
  paid(amountCents: number, balanceAfterCents: number): string;
  linkFailed: string;
  payLater: string;
  connecting: string;
  /** A queue chosen in the menu cannot take the caller now (closed, or its line full): the menu follows. */
  queueUnavailable: Record<"closed" | "full", string>;
  noAgent: string;
  callbackBooked: string;
  goodbye: string;
}

const EN: IvrPhrases = {
  carrierLanguage: "en-US",
  balance: (cents) => `Your balance is ${balanceAsSaid(cents)}.`,
  noAccount: "We could not find an account for the number you are calling from.",
  nothingOwed: "Your account has no balance to pay.",
  notAChoice: "Sorry, that is not one of the choices.",
  payChoice: (cents) => `To pay the full balance of ${balanceAsSaid(cents)}, press 1. To pay another amount, press 2.`,
  amountPrompt: "Enter the amount in dollars and cents, then press the pound key. For example, for one hundred fifty dollars, press 1 5 0 0 0 pound.",
  amountRejected: {
    empty: "We did not receive an amount.",
    not_digits: "Please use only the number keys.",
    zero: "The amount must be more than zero.",
    above_balance: "That is more than your balance.",
  },
  linkComing: (cents) => `We are texting you a secure link to pay ${balanceAsSaid(cents)} by card. Do not key in your card number on this call.`,
  linkSent: "The payment link has been sent to your phone.",
  paid: (amount, after) => `Thank you. Your payment of ${balanceAsSaid(amount)} was received. Your new balance is ${balanceAsSaid(after)}.`,
  linkFailed: "Sorry, we could not send the payment link. An agent can help you with your payment.",
  payLater: "We have not received your payment yet. You can still pay with the link we texted you, or call us back at any time.",
  connecting: "Please hold while we connect you to an agent.",
  queueUnavailable: { closed: "Sorry, that line is closed now.", full: "Sorry, that line is too busy to take your call now." },
  noAgent: "All of our agents are busy. To have an agent call you back, press 1. To return to the main menu, press 2.",
  callbackBooked: "An agent will call you back as soon as possible.",
  goodbye: "Thank you for calling. Goodbye.",
};

const ES: IvrPhrases = {
  carrierLanguage: "es-US",
  balance: (cents) => `Su saldo es de ${balanceAsSaid(cents)}.`,
  noAccount: "No encontramos una cuenta para el número desde el que llama.",
  nothingOwed: "Su cuenta no tiene saldo pendiente.",
  notAChoice: "Lo sentimos, esa no es una de las opciones.",
  payChoice: (cents) => `Para pagar el saldo total de ${balanceAsSaid(cents)}, oprima 1. Para pagar otra cantidad, oprima 2.`,
  amountPrompt: "Marque la cantidad en dólares y centavos, y luego oprima la tecla de numeral. Por ejemplo, para ciento cincuenta dólares, marque 1 5 0 0 0 numeral.",
  amountRejected: {
    empty: "No recibimos una cantidad.",
    not_digits: "Por favor, use solo las teclas de números.",
    zero: "La cantidad debe ser mayor que cero.",
    above_balance: "Esa cantidad es mayor que su saldo.",
  },
  linkComing: (cents) => `Le enviaremos por mensaje de texto un enlace seguro para pagar ${balanceAsSaid(cents)} con tarjeta. No marque su número de tarjeta en esta llamada.`,
  linkSent: "El enlace de pago fue enviado a su teléfono.",
  paid: (amount, after) => `Gracias. Recibimos su pago de ${balanceAsSaid(amount)}. Su nuevo saldo es de ${balanceAsSaid(after)}.`,
  linkFailed: "Lo sentimos, no pudimos enviar el enlace de pago. Un agente puede ayudarle con su pago.",
  payLater: "Aún no hemos recibido su pago. Puede pagar más tarde con el enlace que le enviamos, o llamarnos en cualquier momento.",
  connecting: "Por favor, espere mientras lo comunicamos con un agente.",
  queueUnavailable: { closed: "Lo sentimos, esa línea está cerrada ahora.", full: "Lo sentimos, esa línea está demasiado ocupada para atender su llamada ahora." },
  noAgent: "Todos nuestros agentes están ocupados. Para que un agente le devuelva la llamada, oprima 1. Para volver al menú principal, oprima 2.",
  callbackBooked: "Un agente le devolverá la llamada lo antes posible.",
  goodbye: "Gracias por llamar. Adiós.",
};

export const IVR_PHRASES: Record<IvrLanguage, IvrPhrases> = { en: EN, es: ES };
