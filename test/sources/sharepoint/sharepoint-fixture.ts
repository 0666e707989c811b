import { silentLogger } from "../../../src/logging/logger.js";
import type { DocumentSource, PreviousSync, SourceListing } from "../../../src/sources/document-source.js";
import type { SourceFetchOptions } from "../../../src/sources/http/source-fetch.js";
import type { SharepointSettings } from "../../../src/sources/sharepoint/sharepoint-settings.js";
import { sharepointSource } from "../../../src/sources/sharepoint/sharepoint-source.js";
import type { SourceEntry } from "../../../src/sources/source-kind.js";
import { testSourceFetch } from "../../helpers/test-source-fetch.js";
import { clientId, clientSecret, type FakeGraph, tenant } from "./fake-graph.js";

/** Where the fake site's libraries go: Policies to hr, Engineering to engineering; Archive is not synced. */
export const libraryScopes: Record<string, string> = { Policies: "hr", Engineering: "engineering" };

/** The site every test starts from: three libraries, a subfolder, a file docent does not read. */
export function seedSite(graph: FakeGraph): Record<string, string> {
  const site = graph.site;
  for (const name of ["Policies", "Engineering", "Archive"]) site.addLibrary(name);
  return {
    leave: site.addFile("Policies", "leave.md", "# Leave\n\nEveryone gets 30 days of paid leave a year.\n"),
    expenses: site.addFile(
      "Policies",
      "Travel/expenses.md",
      "# Expenses\n\nKeep every receipt for 90 days.\n",
    ),
    perDiem: site.addFile("Policies", "Travel/per-diem.txt", "The per diem in Lisbon is 95 euros.\n"),
    logo: site.addFile("Policies", "logo.png", Buffer.from([0x89, 0x50, 0x4e, 0x47])),
    runbook: site.addFile("Engineering", "runbook.html", "<h1>Runbook</h1><p>Restart the queue first.</p>"),
    escalation: site.addFile(
      "Engineering",
      "Oncall/escalation.md",
      "# Escalation\n\nPage the lead after 15 minutes.\n",
    ),
    archived: site.addFile("Archive", "old.md", "# Old\n\nNot synced.\n"),
  };
}

export interface SourceOptions {
  scopes?: Record<string, string>;
  libraries?: string[];
  secret?: string;
  tenant?: string;
  maxDocumentBytes?: number;
  fetch?: Partial<SourceFetchOptions>;
}

export const variables = {
  tenant: "MS_TENANT_ID",
  client_id: "MS_CLIENT_ID",
  client_secret: "MS_CLIENT_SECRET",
};

/** The SharePoint source for the fake, made as the ingest makes it: an entry, the shared fetch, scopes by library. */
export function sharepointAt(graph: FakeGraph, options: SourceOptions = {}): DocumentSource {
  const scopes = options.scopes ?? libraryScopes;
  const entry: SourceEntry<SharepointSettings> = {
    name: "policies",
    type: "sharepoint",
    settings: sharepointSource.settings.parse({
      site: "https://example.sharepoint.com/sites/HR",
      authority_host: graph.authorityHost,
      ...(options.libraries === undefined ? {} : { libraries: options.libraries }),
    }),
    apiUrl: graph.apiUrl,
    credentials: {
      tenant: options.tenant ?? tenant,
      client_id: clientId,
      client_secret: options.secret ?? clientSecret,
    },
    credentialVariables: variables,
  };
  return sharepointSource.create(entry, {
    scopeOf: (library) => (library === undefined ? null : (scopes[library] ?? null)),
    fetch: testSourceFetch("policies", { changes: { attempts: 3, ...options.fetch } }),
    maxDocumentBytes: options.maxDocumentBytes ?? 1024 * 1024,
    logger: silentLogger,
  });
}

/** What the ingest hands back after storing a listing whole: its documents' versions and its state, as JSON. */
export function storedAs(
  listing: SourceListing,
  keep = listing.documents.map((document) => document.id),
): PreviousSync {
  const documents = new Map(
    listing.documents
      .filter((document) => keep.includes(document.id))
      .map((document) => [
        document.id,
        { version: document.version, scope: document.scope, title: document.title, url: document.url },
      ]),
  );
  return { documents, state: JSON.parse(JSON.stringify(listing.state)) };
}

export const nothingYet: PreviousSync = { documents: new Map(), state: undefined };

/** A listing's documents by title, for assertions that read. */
export function byTitle(
  listing: SourceListing,
): Record<string, { scope: string; url?: string; id: string; version: string }> {
  return Object.fromEntries(
    listing.documents.map((document) => [
      document.title,
      {
        id: document.id,
        scope: document.scope,
        version: document.version,
        ...(document.url === undefined ? {} : { url: document.url }),
      },
    ]),
  );
}
