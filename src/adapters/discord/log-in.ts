import { type Client, Events, GatewayCloseCodes } from "discord.js";
import { DocentError } from "../../errors.js";

/**
 * Logs in and waits for READY. The failures an operator can fix are named: a rejected token, and the Message
 * Content intent not enabled in the Developer Portal (Discord closes the gateway with 4014 and discord.js gives up
 * without an error, so the close code is watched here).
 */
const readyTimeoutMs = 60_000;

const fixes = {
  token:
    "Discord rejected DISCORD_TOKEN: copy the bot token again from the Developer Portal (Bot > Reset Token)",
  intents:
    "Discord refused the Message Content intent: enable Bot > Privileged Gateway Intents > Message Content Intent in the Developer Portal",
};

/** "Could not reach Discord at discord.com (getaddrinfo ENOTFOUND discord.com): check ..." */
function networkFailure(host: string, error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const reason = cause instanceof Error ? cause.message : String(cause);
  return `Could not reach Discord at ${host} (${reason}): check the network, proxy and firewall, or DISCORD_API_URL when it is set`;
}

export async function logIn(client: Client, token: string): Promise<Client<true>> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onDisconnect: ((event: { code: number }) => void) | undefined;
  const ready = new Promise<Client<true>>((resolve, reject) => {
    timer = setTimeout(() => reject(new Error("no READY from the Discord gateway")), readyTimeoutMs);
    onDisconnect = (event) => reject(new GatewayClosed(event.code));
    client.once(Events.ClientReady, resolve);
    client.once(Events.ShardDisconnect, onDisconnect);
  });
  try {
    const [, readyClient] = await Promise.all([client.login(token), ready]);
    return readyClient;
  } catch (error) {
    throw describeFailure(error, new URL(client.options.rest?.api ?? "https://discord.com/api").host);
  } finally {
    clearTimeout(timer);
    if (onDisconnect !== undefined) client.off(Events.ShardDisconnect, onDisconnect);
  }
}

class GatewayClosed extends Error {
  constructor(readonly code: number) {
    super(`the Discord gateway closed with ${code}`);
  }
}

function describeFailure(error: unknown, host: string): DocentError {
  const code = error instanceof GatewayClosed ? error.code : undefined;
  if (code === GatewayCloseCodes.DisallowedIntents) {
    return new DocentError("CONFIG_INVALID", fixes.intents, { cause: error });
  }
  const tokenRejected =
    code === GatewayCloseCodes.AuthenticationFailed ||
    (error instanceof Error && /token/i.test(error.message));
  if (tokenRejected) return new DocentError("CONFIG_INVALID", fixes.token, { cause: error });
  return new DocentError("INTERNAL", networkFailure(host, error), { cause: error });
}
