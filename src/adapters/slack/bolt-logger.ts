import { type Logger as BoltLogger, LogLevel } from "@slack/bolt";
import type { Logger } from "../../logging/logger.js";

/**
 * Debug lines of Bolt, the Web API client and Socket Mode that carry whole payloads: posted answers, received
 * messages, acks. Logged by their label only: message and document text stays out of the logs.
 */
const payloadLabels = [
  "http request body:",
  "http request result:",
  "Received a message on the WebSocket:",
  "Unable to parse an incoming WebSocket message",
  "Sending a WebSocket message:",
  "Calling ack()",
  "ack() ",
  "AWS event:",
];

/** Bolt's and the Web API client's log lines, into docent's logger (payloads left out, see payloadLabels). */
export function createBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const line = (parts: unknown[]) => {
    const text = parts.map((part) => (part instanceof Error ? part.message : String(part))).join(" ");
    const label = payloadLabels.find((candidate) => text.startsWith(candidate));
    return label === undefined ? text : `${label.trim()} [payload not logged]`;
  };
  return {
    debug: (...parts) => logger.debug({}, line(parts)),
    info: (...parts) => logger.info({}, line(parts)),
    warn: (...parts) => logger.warn({}, line(parts)),
    error: (...parts) => logger.error({}, line(parts)),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
