// Password hashing: PBKDF2-SHA-256 with a per-user salt. 100,000 iterations is the
// most workerd's WebCrypto accepts (it refuses more), and what OWASP's floor for
// this hash asks of us. The stored form carries its parameters, so the count can
// rise later without breaking old hashes.
import { base64Url, constantTimeEqual, fromBase64Url } from "./crypto";

export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 256;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2-sha256$${PBKDF2_ITERATIONS}$${base64Url(salt)}$${base64Url(hash)}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, iterations, salt, hash] = stored.split("$");
  if (scheme !== "pbkdf2-sha256" || !iterations || !salt || !hash) return false;
  const candidate = await derive(password, fromBase64Url(salt), Number(iterations));
  return constantTimeEqual(candidate, fromBase64Url(hash));
}

async function derive(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BITS);
  return new Uint8Array(bits);
}

/** A hash of a random password: login checks it for unknown emails so timing does not reveal which emails exist. */
export const DECOY_PASSWORD_HASH =
  "pbkdf2-sha256$100000$c29tZS1zYWx0LXZhbHVl$dGhpcy1pcy1ub3QtYS1yZWFsLWhhc2gtdmFsdWUtISE";
