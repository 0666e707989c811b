import type { Server } from "node:http";
import { type WebSocket, WebSocketServer } from "ws";
import { guildCreate, world } from "./fake-discord-payloads.js";

/**
 * Discord's gateway v10 (JSON, no compression) on the fake's HTTP server at /gateway: HELLO, heartbeat ACKs,
 * IDENTIFY -> READY and GUILD_CREATE, RESUME -> the events missed while disconnected, then RESUMED. Dispatches
 * carry increasing sequence numbers; what the bot sends is recorded.
 */
export interface GatewayRecord {
  identifies: number;
  resumes: Array<{ session_id: string; seq: number }>;
  heartbeats: number;
  connections: number;
}

export interface FakeGateway {
  record: GatewayRecord;
  dispatch(type: string, data: object): void;
  /** Closes the bot's connection with a close code (4000: unknown error, resumable). */
  disconnect(code: number): void;
  close(): Promise<void>;
}

interface Payload {
  op: number;
  d?: unknown;
  s?: number | null;
  t?: string | null;
}

export function attachGateway(
  server: Server,
  options: { gatewayUrl: string; heartbeatIntervalMs: number; closeOnIdentify?: number | undefined },
): FakeGateway {
  const sockets = new WebSocketServer({ server, path: "/gateway" });
  const record: GatewayRecord = { identifies: 0, resumes: [], heartbeats: 0, connections: 0 };
  const sessionId = "fake-session-1";
  let sequence = 0;
  /** Identified (or resumed) connections: every dispatch goes to each, as Discord sends a bot's events to each session. */
  const live = new Set<WebSocket>();
  let missed: Payload[] = [];

  const send = (socket: WebSocket, payload: Payload) => socket.send(JSON.stringify(payload));
  const dispatchTo = (socket: WebSocket, type: string, data: unknown) => {
    sequence += 1;
    send(socket, { op: 0, t: type, s: sequence, d: data });
  };

  sockets.on("connection", (socket) => {
    record.connections += 1;
    send(socket, { op: 10, d: { heartbeat_interval: options.heartbeatIntervalMs } });
    socket.on("message", (raw) => {
      const payload = JSON.parse(String(raw)) as Payload;
      if (payload.op === 1) {
        record.heartbeats += 1;
        send(socket, { op: 11 });
      } else if (payload.op === 2) {
        record.identifies += 1;
        if (options.closeOnIdentify !== undefined) {
          socket.close(options.closeOnIdentify, "refused");
          return;
        }
        live.add(socket);
        dispatchTo(socket, "READY", {
          v: 10,
          user: { ...world.bot, verified: true, mfa_enabled: false, flags: 0 },
          guilds: [{ id: world.guildId, unavailable: true }],
          session_id: sessionId,
          resume_gateway_url: options.gatewayUrl,
          shard: [0, 1],
          application: { id: world.applicationId, flags: 0 },
          private_channels: [],
          relationships: [],
        });
        dispatchTo(socket, "GUILD_CREATE", guildCreate());
      } else if (payload.op === 6) {
        record.resumes.push(payload.d as { session_id: string; seq: number });
        live.add(socket);
        for (const event of missed) dispatchTo(socket, event.t ?? "", event.d);
        missed = [];
        dispatchTo(socket, "RESUMED", {});
      }
    });
    socket.on("close", () => {
      live.delete(socket);
    });
  });

  return {
    record,
    dispatch(type, data) {
      if (live.size === 0) missed.push({ op: 0, t: type, d: data });
      for (const socket of live) dispatchTo(socket, type, data);
    },
    disconnect(code) {
      for (const socket of live) socket.close(code, "fake gateway closing");
      live.clear();
    },
    async close() {
      for (const socket of sockets.clients) socket.terminate();
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
    },
  };
}
