import { createServer } from "node:net";
import { Counter, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging/logger.js";
import { type RunningOpsServer, startOpsServer } from "../../src/operations/ops-server.js";
import type { ReadinessReport } from "../../src/operations/readiness.js";
import { parsePrometheusText, sampleValue } from "./metrics-text.js";

const running: Array<{ stop(): Promise<void> }> = [];
afterEach(async () => {
  while (running.length > 0) await running.pop()?.stop();
});

async function serve(readiness: () => Promise<ReadinessReport>, registry = new Registry(), port = 0) {
  const server = await startOpsServer({ port, host: "127.0.0.1", registry, readiness, logger: silentLogger });
  running.push(server);
  return server;
}

const ready = async (): Promise<ReadinessReport> => ({ ready: true, checks: { index: { ok: true } } });
const get = (server: RunningOpsServer, path: string, init?: RequestInit) =>
  fetch(`http://127.0.0.1:${server.port}${path}`, init);

describe("the ops listener", () => {
  it("answers /healthz with 200 whatever readiness says", async () => {
    const server = await serve(async () => ({ ready: false, checks: { index: { ok: false } } }));
    expect(server.port).toBeGreaterThan(0);
    const response = await get(server, "/healthz");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect((await get(server, "/readyz")).status).toBe(503);
  });

  it("serves the registry it was given as Prometheus text, and only that registry", async () => {
    const registry = new Registry();
    const counter = new Counter({ name: "docent_test_total", help: "test", registers: [registry] });
    counter.inc(3);
    const server = await serve(ready, registry);
    const response = await get(server, "/metrics");
    expect(response.headers.get("content-type")).toBe(registry.contentType);
    const samples = parsePrometheusText(await response.text());
    expect(samples).toEqual([{ name: "docent_test_total", labels: {}, value: 3 }]);
    expect(sampleValue(samples, "docent_test_total")).toBe(3);
  });

  it("answers HEAD without a body, refuses other methods with 405 and unknown paths with 404", async () => {
    const server = await serve(ready);
    const head = await get(server, "/readyz", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    const post = await get(server, "/metrics", { method: "POST", body: "x" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    expect((await get(server, "/")).status).toBe(404);
  });

  it("answers 500 when readiness itself fails, and keeps serving", async () => {
    const server = await serve(async () => {
      throw new Error("broken");
    });
    expect((await get(server, "/readyz")).status).toBe(500);
    expect((await get(server, "/healthz")).status).toBe(200);
  });

  it("fails at start naming DOCENT_OPS_PORT when the port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      await expect(serve(ready, new Registry(), port)).rejects.toMatchObject({
        name: "DocentError",
        code: "CONFIG_INVALID",
        message: expect.stringMatching(
          new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use.*DOCENT_OPS_PORT`),
        ),
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it("stops listening when stopped", async () => {
    const server = await serve(ready);
    await running.pop()?.stop();
    await expect(get(server, "/healthz")).rejects.toThrow();
  });
});
