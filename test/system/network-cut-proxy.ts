import net from "node:net";

export interface NetworkCutProxy {
  /** http://127.0.0.1:PORT, to put in front of a fake's paths. */
  url: string;
  port: number;
  /** Loses the network: nothing is relayed any more, either way, and nothing is closed or reset. */
  cut(): void;
  close(): Promise<void>;
}

/**
 * A TCP relay on 127.0.0.1 in front of a loopback fake, to lose the network the way a pulled cable or a dead route
 * does: after cut(), open connections stay open but carry nothing (no reply, no close, no reset), and new
 * connections are accepted and then never answered.
 */
export async function startNetworkCutProxy(targetPort: number): Promise<NetworkCutProxy> {
  let cut = false;
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.on("error", () => {});
    socket.on("close", () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    track(client);
    if (cut) return;
    const upstream = net.connect(targetPort, "127.0.0.1");
    track(upstream);
    const relay = (from: net.Socket, to: net.Socket) => {
      from.on("data", (data) => {
        if (!cut) to.write(data);
      });
      from.on("end", () => {
        if (!cut) to.end();
      });
    };
    relay(client, upstream);
    relay(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    cut: () => {
      cut = true;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
