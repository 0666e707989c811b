import { readFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { closeServer } from "../helpers/loopback-http.js";

/**
 * A loopback stand-in for the Hugging Face Hub: GET /<owner>/<model>/resolve/main/<file> serves <file> from one
 * model folder, for any owner and model name. It records every path asked for.
 */
export interface FakeModelHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startFakeModelHub(folder: string): Promise<FakeModelHub> {
  const requests: string[] = [];
  const server = createServer(async (request, response) => {
    const url = request.url ?? "";
    requests.push(url);
    const file = url.match(/^\/[^/]+\/[^/]+\/resolve\/main\/(.+)$/)?.[1];
    const body =
      file === undefined ? undefined : await readFile(path.join(folder, file)).catch(() => undefined);
    if (body === undefined) {
      response.writeHead(404).end("Entry not found");
      return;
    }
    response.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
    response.end(request.method === "HEAD" ? undefined : body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, requests, close: () => closeServer(server) };
}
