import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "../../../domain/webhook-targets";
import { refusedTarget } from "../../../objects/webhook-dispatcher/target-guard";

const production = { allowLoopback: false };
const local = { allowLoopback: true };

describe("the webhook SSRF guard", () => {
  it("refuses private, loopback, link-local, metadata and reserved addresses however they are written", () => {
    const refused = [
      "http://127.0.0.1/hook",
      "http://2130706433/hook", // 127.0.0.1 as one number
      "http://0x7f.0.0.1/hook",
      "http://localhost:8080/",
      "http://[::1]/",
      "http://0.0.0.0/",
      "http://10.1.2.3/",
      "http://172.16.0.1/",
      "http://172.31.255.255/",
      "http://192.168.0.10/",
      "http://100.64.0.1/",
      "http://169.254.169.254/latest/meta-data/",
      "http://169.254.1.1/",
      "http://[fe80::1]/",
      "http://[fd00:ec2::254]/",
      "http://[fc00::1]/",
      "http://[::ffff:169.254.169.254]/",
      "http://[::ffff:a9fe:a9fe]/",
      "http://[64:ff9b::10.0.0.1]/",
      "http://224.0.0.1/",
      "http://255.255.255.255/",
      "http://metadata.google.internal/",
      "http://metadata/",
      "http://intranet/",
      "http://nas.local/",
      "http://user:pass@example.com/",
      "file:///etc/passwd",
      "gopher://example.com/",
      "not a url",
    ];
    for (const url of refused) expect(checkWebhookUrl(url, production).ok, url).toBe(false);
  });

  it("accepts public addresses and names", () => {
    for (const url of ["https://example.com/hooks", "http://93.184.216.34/", "https://[2606:4700:4700::1111]/", "https://hooks.example.co.uk:8443/x?y=1"]) {
      expect(checkWebhookUrl(url, production).ok, url).toBe(true);
    }
  });

  it("allows loopback only where the deployment says so, and nothing else private", () => {
    expect(checkWebhookUrl("http://127.0.0.1:9999/hook", local).ok).toBe(true);
    expect(checkWebhookUrl("http://localhost:9999/hook", local).ok).toBe(true);
    expect(checkWebhookUrl("http://[::1]:9999/hook", local).ok).toBe(true);
    expect(checkWebhookUrl("http://10.0.0.1/", local).ok).toBe(false);
    expect(checkWebhookUrl("http://169.254.169.254/", local).ok).toBe(false);
  });

  it("refuses a public-looking name that resolves to a private address", async () => {
    const resolve = async (host: string) => (host === "evil.example.com" ? ["93.184.216.34", "10.0.0.5"] : ["93.184.216.34"]);
    expect(await refusedTarget("https://evil.example.com/", production, resolve)).toMatch(/10\.0\.0\.5/);
    expect(await refusedTarget("https://good.example.com/", production, resolve)).toBeNull();
    expect(await refusedTarget("https://nowhere.example.com/", production, async () => [])).toBe("does not resolve");
  });
});
