import { pbkdf2Sync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { fromBase64Url } from "../../../worker/auth/crypto";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../../../worker/auth/password";

describe("password hashing", () => {
  it("is standard PBKDF2-SHA-256 with a per-user salt (checked against node:crypto)", async () => {
    const stored = await hashPassword("s3cret password");
    const [scheme, iterations, salt, hash] = stored.split("$");
    expect(scheme).toBe("pbkdf2-sha256");
    expect(Number(iterations)).toBe(PBKDF2_ITERATIONS);
    expect(PBKDF2_ITERATIONS).toBeGreaterThanOrEqual(100_000);
    const expected = pbkdf2Sync("s3cret password", fromBase64Url(salt!), Number(iterations), 32, "sha256");
    expect(Buffer.from(fromBase64Url(hash!)).equals(expected)).toBe(true);
  });

  it("gives two users with the same password different hashes", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });

  it("accepts the right password only", async () => {
    const stored = await hashPassword("right one");
    expect(await verifyPassword("right one", stored)).toBe(true);
    expect(await verifyPassword("wrong one", stored)).toBe(false);
    expect(await verifyPassword("right one", "garbage")).toBe(false);
  });
});
