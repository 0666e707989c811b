import type { Logger } from "../../logging/logger.js";

/** Discord shows "typing…" for about 10 seconds per request; renewing every 8 keeps it up while the answer is made. */
const renewEveryMs = 8000;

export function keepTyping(channel: { sendTyping(): Promise<void> }, logger: Logger): () => void {
  const send = () => {
    channel
      .sendTyping()
      .catch((error: unknown) => logger.debug({ err: error }, "discord typing indicator failed"));
  };
  send();
  const timer = setInterval(send, renewEveryMs);
  return () => clearInterval(timer);
}
