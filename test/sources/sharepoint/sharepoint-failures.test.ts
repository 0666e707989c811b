import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isDocentError } from "../../../src/errors.js";
import { clientSecret, FakeGraph } from "./fake-graph.js";
import { nothingYet, seedSite, sharepointAt, storedAs } from "./sharepoint-fixture.js";

let graph: FakeGraph;
beforeEach(async () => {
  graph = await new FakeGraph().start();
  seedSite(graph);
});
afterEach(() => graph.stop());

const site = "https://example.sharepoint.com/sites/HR";

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => new Error("expected a failure"),
    (caught: unknown) => caught,
  );
  expect(isDocentError(error), String(error)).toBe(true);
  // No sentence carries a credential or a token.
  expect((error as Error).message).not.toContain(clientSecret);
  for (const token of graph.tokens) expect((error as Error).message).not.toContain(token);
  return error as Error;
}

describe("the SharePoint source when Graph or Entra ID refuse, throttle, stall or garble", () => {
  it("waits the Retry-After a 429 asks for, then goes on", async () => {
    graph.faults.push({ match: /root\/delta$/, kind: "status", status: 429, retryAfter: "1", times: 1 });
    const listing = await sharepointAt(graph).list({ previous: nothingYet });
    expect(listing.documents).toHaveLength(5);
    expect(graph.count(/root\/delta$/)).toBe(5 + 1);
  });

  it("fails the listing with a sentence when Graph asks to wait longer than docent waits", async () => {
    graph.faults.push({ match: /root\/delta$/, kind: "status", status: 429, retryAfter: "120", times: 1 });
    const error = await failureOf(
      sharepointAt(graph, { fetch: { maxWaitMs: 1_000 } }).list({ previous: nothingYet }),
    );
    expect(error.message).toMatch(
      /^The policies source: http:\/\/127\.0\.0\.1:\d+\/v1\.0\/drives\/.+\/root\/delta asks to wait 120 s/,
    );
  });

  it("names the variable to fix when Entra ID refuses the client secret", async () => {
    const error = await failureOf(sharepointAt(graph, { secret: "wrong" }).check());
    expect(error.message).toBe(
      "The policies source could not sign in to Microsoft Entra ID (HTTP 401): the client secret in MS_CLIENT_SECRET " +
        "is wrong or has expired: create a new one for the app registration",
    );
  });

  it("names the tenant variable when Entra ID knows no such tenant", async () => {
    const error = await failureOf(sharepointAt(graph, { tenant: "not-our-tenant" }).check());
    expect(error.message).toBe(
      "The policies source could not sign in to Microsoft Entra ID (HTTP 400): the tenant in MS_TENANT_ID was not " +
        "found: set it to the directory (tenant) id",
    );
  });

  it("names the app registration's variables when Graph refuses every token (401), after one new token", async () => {
    const source = sharepointAt(graph);
    await source.check();
    graph.refusesTokens = true;
    const error = await failureOf(source.list({ previous: nothingYet }));
    expect(error.message).toBe(
      `The policies source was refused (HTTP 401) reading the site ${site}: check the app registration in ` +
        "MS_TENANT_ID, MS_CLIENT_ID and MS_CLIENT_SECRET",
    );
    // The token from the check, one new token after the first 401, the site asked for twice: no loop.
    expect(graph.count(/^POST \/login\//)).toBe(2);
    expect(graph.count(/^GET \/v1\.0\/sites\//)).toBe(2);
    expect(graph.requests).toHaveLength(4);
  });

  it("names the permission Sites.Read.All when Graph forbids the read (403)", async () => {
    graph.forbidden = true;
    const error = await failureOf(sharepointAt(graph).list({ previous: nothingYet }));
    expect(error.message).toBe(
      `The policies source may not read the site ${site} (HTTP 403): grant the Microsoft Graph application ` +
        "permission Sites.Read.All, with admin consent, to the app in MS_CLIENT_ID",
    );
  });

  it("fails with a sentence when Graph stops answering in the middle of a library", async () => {
    graph.faults.push({ match: /root\/delta\?token=page\./, kind: "hang", times: 10 });
    const source = sharepointAt(graph, { fetch: { timeoutMs: 300, attempts: 2 } });
    const error = await failureOf(source.list({ previous: nothingYet }));
    expect(error.message).toMatch(
      /^The policies source: http:\/\/127\.0\.0\.1:\d+\/v1\.0\/drives\/.+\/root\/delta did not answer within 0\.3 s \(2 tries\)$/,
    );
  });

  it("fails with a sentence when a delta page is not JSON, and when Graph keeps answering 503", async () => {
    graph.faults.push({ match: /root\/delta$/, kind: "malformed", times: 1 });
    const garbled = await failureOf(sharepointAt(graph).list({ previous: nothingYet }));
    expect(garbled.message).toMatch(
      /^The policies source could not read the files of library Policies: .+ sent a reply that is not JSON$/,
    );
    graph.faults.push({ match: /\/drives$/, kind: "status", status: 503, times: 3 });
    const down = await failureOf(
      sharepointAt(graph, { fetch: { attempts: 2 } }).list({ previous: nothingYet }),
    );
    expect(down.message).toMatch(
      /^The policies source could not read the site's document libraries: .+\/drives answered HTTP 503$/,
    );
  });

  it("refuses a library the site does not have, naming the ones it has", async () => {
    const error = await failureOf(
      sharepointAt(graph, { libraries: ["Policies", "Polices"] }).list({ previous: nothingYet }),
    );
    expect(error.message).toBe(
      `The policies source found no document library named Polices on ${site} (its libraries: Policies, Engineering, ` +
        "Archive): fix `libraries` in the sources file",
    );
  });

  it("stops at once when the sync is cancelled, even while Graph is not answering", async () => {
    const first = await sharepointAt(graph).list({ previous: nothingYet });
    graph.faults.push({ match: /root\/delta\?token=since/, kind: "hang", times: 10 });
    const controller = new AbortController();
    const listing = sharepointAt(graph, { fetch: { timeoutMs: 60_000 } }).list({
      previous: storedAs(first),
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 200);
    const error = await failureOf(listing);
    expect(isDocentError(error, "CANCELLED")).toBe(true);
  });
});
