/**
 * The two baselines bench/slack-load.ts measures in the same run as docent, against the same burst: a bare node:http
 * server (read the body, answer 200: the machine's and the sender's own cost) and a bare Bolt app with the receiver
 * type and options docent uses and a listener that does nothing (Bolt's own cost: parsing, signature, authorize, ack).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver } from "@slack/bolt";
import { createBoltLogger } from "../src/adapters/slack/bolt-logger.js";
import { silentLogger } from "../src/logging/logger.js";
import { botId, botUserId } from "../test/adapters/slack/fake-slack-api.js";
import { signingSecret } from "../test/adapters/slack/signed-requests.js";

export interface BenchServer {
  port: number;
  stop(): Promise<void>;
}

export async function startBareHttp(): Promise<BenchServer> {
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      response.writeHead(200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** As in src/adapters/slack/start-slack-adapter.ts (HTTP mode), without docent's middleware and listeners. */
export async function startBareBolt(apiUrl: string): Promise<BenchServer> {
  const logger = createBoltLogger(silentLogger);
  const receiver = new HTTPReceiver({ signingSecret, logger });
  const app = new App({
    token: "xoxb-test-token",
    botId,
    botUserId,
    tokenVerificationEnabled: false,
    receiver,
    logger,
    clientOptions: { logger, slackApiUrl: apiUrl.endsWith("/") ? apiUrl : `${apiUrl}/` },
  });
  app.event("app_mention", async () => {});
  const server = (await app.start({ port: 0, host: "0.0.0.0" })) as unknown as {
    address(): AddressInfo;
  };
  return { port: server.address().port, stop: () => app.stop() as Promise<void> };
}
