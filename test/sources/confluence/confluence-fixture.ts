import { silentLogger } from "../../../src/logging/logger.js";
import {
  type ConfluenceSettings,
  confluenceSource,
} from "../../../src/sources/confluence/confluence-source.js";
import type { DocumentSource } from "../../../src/sources/document-source.js";
import type { SourceFetchOptions } from "../../../src/sources/http/source-fetch.js";
import type { SourceEntry } from "../../../src/sources/source-kind.js";
import { testSourceFetch } from "../../helpers/test-source-fetch.js";
import { fakeToken, fakeUser } from "./fake-confluence.js";

/** The site people open (citations link there); the API is reached at the fake through api_url. */
export const siteUrl = "https://example.atlassian.net/wiki";

export interface FixtureOptions {
  spaces: string[];
  /** Space key -> scope; a space missing here is not synced. */
  scopes: Record<string, string>;
  token?: string;
  fetch?: Partial<SourceFetchOptions>;
  signal?: AbortSignal;
}

/** An entry as the sources file would give it (credentials resolved), and the source the kind makes of it. */
export function makeConfluenceSource(apiUrl: string, options: FixtureOptions): DocumentSource {
  const entry: SourceEntry<ConfluenceSettings> = {
    name: "wiki",
    type: "confluence",
    settings: confluenceSource.settings.parse({ url: siteUrl, spaces: options.spaces }),
    apiUrl,
    credentials: { user: fakeUser, token: options.token ?? fakeToken },
    credentialVariables: { user: "CONFLUENCE_USER", token: "CONFLUENCE_TOKEN" },
  };
  return confluenceSource.create(entry, {
    scopeOf: (container) => (container === undefined ? null : (options.scopes[container] ?? null)),
    fetch: testSourceFetch("wiki", { signal: options.signal, changes: options.fetch }),
    maxDocumentBytes: 2 ** 20,
    logger: silentLogger,
  });
}

/** Storage-format bodies as Confluence's editor writes them. */
export const storage = {
  leave: (days: number) =>
    `<h2>Annual leave</h2><p>Every employee gets <strong>${days} days</strong> of paid leave a year.</p>` +
    "<ul><li><p>Ask your manager first.</p></li><li><p>Record it in the HR portal.</p></li></ul>",
  deploy:
    "<h1>Deploying</h1><p>Run the deploy script from the release branch:</p>" +
    '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter>' +
    "<ac:plain-text-body><![CDATA[./deploy.sh --env production <release-tag>]]></ac:plain-text-body></ac:structured-macro>",
  oncall:
    "<h1>On-call rota</h1><table><tbody><tr><th>Week</th><th>Engineer</th></tr>" +
    "<tr><td>1</td><td>Priya</td></tr><tr><td>2</td><td>Tomasz</td></tr></tbody></table>",
};
