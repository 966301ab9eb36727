// What a Postgres failure means, read from the error's cause chain (drizzle wraps the
// driver's error, which may wrap another): which SQLSTATE it carries, and whether it means
// "the database cannot serve us right now" (503: try again shortly) rather than a fault in
// a request or in our code (500). Three kinds: the Neon driver's connection failures,
// which carry no SQLSTATE and are known by their text; Postgres refusing or dropping a
// session, which it says with a SQLSTATE; and a wait past our own deadline (db/deadline.ts).

import { DEADLINE_EXCEEDED_TEXT, DeadlineExceeded } from "./deadline";

/** SQLSTATEs of a server that is full, starting, or shutting down; class 08 (connection exception) too. */
const UNAVAILABLE_SQLSTATES = new Set([
  "53300", // too_many_connections: "sorry, too many clients already"
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now: the server is starting up or shutting down
]);
const CONNECTION_FAILURE_TEXT = /connection|terminated|websocket|network|socket|ECONNREFUSED|closed/i;
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Errors wrap their cause (drizzle wraps the driver's); a cycle must not loop forever. */
const MAX_CAUSE_DEPTH = 8;

export function isDatabaseUnavailable(error: unknown): boolean {
  const chain = causeChain(error);
  // A SQLSTATE anywhere in the chain is Postgres speaking: it alone decides.
  const sqlstate = sqlStateOf(error);
  if (sqlstate !== null) return sqlstate.startsWith("08") || UNAVAILABLE_SQLSTATES.has(sqlstate);
  // A wait we bounded ourselves (db/deadline.ts), here or in an actor that read for us.
  if (chain.some((link) => link instanceof DeadlineExceeded || DEADLINE_EXCEEDED_TEXT.test(String(link.message ?? "")))) return true;
  // drizzle's wrapper quotes the SQL, whose words say nothing about the connection.
  return chain.some((link) => !isQueryWrapper(link) && CONNECTION_FAILURE_TEXT.test(`${String(link.message ?? "")} ${String(link.type ?? "")}`));
}

/** The SQLSTATE Postgres answered with, wherever it sits in the cause chain. */
export function sqlStateOf(error: unknown): string | null {
  const code = causeChain(error)
    .map((link) => link.code)
    .find((each) => typeof each === "string" && SQLSTATE.test(each));
  return typeof code === "string" ? code : null;
}

/** unique_violation: the row exists already. */
export const isUniqueViolation = (error: unknown): boolean => sqlStateOf(error) === "23505";

/** The constraint a violation names (Postgres's error field), wherever it sits in the cause chain. */
export function constraintOf(error: unknown): string | null {
  const name = causeChain(error)
    .map((link) => link.constraint)
    .find((each) => typeof each === "string");
  return typeof name === "string" ? name : null;
}

interface ErrorLike {
  code?: unknown;
  constraint?: unknown;
  message?: unknown;
  type?: unknown;
  cause?: unknown;
}

function causeChain(error: unknown): ErrorLike[] {
  const chain: ErrorLike[] = [];
  for (let link = error; typeof link === "object" && link !== null && chain.length < MAX_CAUSE_DEPTH; link = (link as ErrorLike).cause) {
    chain.push(link as ErrorLike);
  }
  return chain;
}

const isQueryWrapper = (link: ErrorLike) => typeof link.message === "string" && link.message.startsWith("Failed query: ");
