import { describe, expect, it } from "vitest";
import { z } from "zod";
import { MAX_JSON_BODY_BYTES, readJsonBody } from "../../../worker/http/body";
import { ApiError } from "../../../worker/http/errors";

const schema = z.strictObject({ name: z.string().min(1), tags: z.array(z.string()).optional() });
const post = (body: BodyInit, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://x/", { method: "POST", body, headers });

async function rejection(request: Request): Promise<ApiError> {
  try {
    await readJsonBody(request, schema);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error("expected a rejection");
}

describe("reading JSON bodies", () => {
  it("returns the parsed, validated body", async () => {
    await expect(readJsonBody(post('{"name":"Ada"}'), schema)).resolves.toEqual({ name: "Ada" });
  });

  it("names nested fields that are wrong", async () => {
    const error = await rejection(post('{"name":"A","tags":["ok",5]}'));
    expect(error.status).toBe(400);
    expect(error.fields).toEqual([{ path: "tags.1", message: expect.any(String) }]);
  });

  it("stops reading a body that grows past the limit even when Content-Length lies", async () => {
    const chunk = new TextEncoder().encode("x".repeat(16 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        sent += chunk.byteLength;
        controller.enqueue(chunk);
        if (sent > MAX_JSON_BODY_BYTES * 4) controller.close();
      },
    });
    const request = new Request("http://x/", {
      method: "POST",
      body: stream,
      headers: { "content-type": "application/json", "content-length": "10" },
      duplex: "half",
    } as RequestInit);
    const error = await rejection(request);
    expect(error.status).toBe(413);
    expect(sent).toBeLessThan(MAX_JSON_BODY_BYTES * 2);
  });

  it("refuses a body that is not declared as JSON", async () => {
    expect((await rejection(post('{"name":"A"}', { "content-type": "text/plain" }))).status).toBe(415);
  });
});
