import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { closeServer } from "../helpers/loopback-http.js";

/**
 * A loopback model server for readiness probes: answers GET /api/tags (Ollama) and GET /v1/models (OpenAI) with
 * their real shapes, or with the status a test sets; records each request's path and authorization header.
 */
export interface ModelListServer {
  url: string;
  requests: Array<{ path: string; authorization: string | undefined }>;
  answerWith(status: number): void;
  close(): Promise<void>;
}

export async function startModelListServer(): Promise<ModelListServer> {
  let status = 200;
  const requests: ModelListServer["requests"] = [];
  const server = createServer((request, response) => {
    const path = request.url ?? "";
    requests.push({ path, authorization: request.headers.authorization });
    const body =
      status !== 200
        ? { error: { message: `status ${status}` } }
        : path === "/api/tags"
          ? { models: [{ name: "llama2:latest", model: "llama2:latest", size: 3_826_793_677 }] }
          : { object: "list", data: [{ id: "test-model", object: "model", owned_by: "test" }] };
    response.writeHead(path === "/api/tags" || path === "/v1/models" ? status : 404, {
      "content-type": "application/json",
    });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    answerWith: (next) => {
      status = next;
    },
    close: () => closeServer(server),
  };
}
