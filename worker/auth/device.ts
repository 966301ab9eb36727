// The device cookie: a random token set on every successful sign-in, so the next login
// from the same browser is recognised as a known device and passes an account lock that
// someone else's wrong guesses started (the password is still checked). The token is
// unguessable and only its hash is stored (in sign_ins), so it needs no signature: it is
// recognised by lookup, and a device is known only to the accounts it signed in to.
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { sha256Hex } from "../../domain/sha256";
import { randomToken } from "./crypto";

export const DEVICE_COOKIE = "wib_device";
/** Browsers cap a cookie's lifetime at 400 days. */
export const DEVICE_COOKIE_LIFETIME_MS = 400 * 24 * 60 * 60 * 1000;
/** randomToken(32): 43 base64url characters. */
const DEVICE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

export interface Device {
  token: string;
  hash: string;
}

/** The browser's device token, if it sent a well-formed one. */
export async function deviceOf(c: Context): Promise<Device | null> {
  const token = getCookie(c, DEVICE_COOKIE);
  if (!token || !DEVICE_TOKEN.test(token)) return null;
  return { token, hash: await sha256Hex(token) };
}

/** The browser's device, or a new one for a browser that has none yet. */
export async function deviceOrNew(c: Context): Promise<Device> {
  const known = await deviceOf(c);
  if (known) return known;
  const token = randomToken(32);
  return { token, hash: await sha256Hex(token) };
}

/** Sent with every successful sign-in, so the cookie's lifetime restarts. */
export function setDeviceCookie(c: Context, device: Device): void {
  setCookie(c, DEVICE_COOKIE, device.token, {
    httpOnly: true,
    secure: new URL(c.req.url).protocol === "https:",
    sameSite: "Lax",
    // Only the sign-in routes need it.
    path: "/api/auth",
    expires: new Date(Date.now() + DEVICE_COOKIE_LIFETIME_MS),
  });
}
