import { describe, expect, it } from "vitest";
import { siteAddress } from "../../../src/sources/sharepoint/sharepoint-settings.js";
import { sharepointSource } from "../../../src/sources/sharepoint/sharepoint-source.js";

describe("a sharepoint entry's own keys", () => {
  it("takes a site, optional libraries and an optional authority host, and refuses a misspelt key", () => {
    const settings = sharepointSource.settings;
    expect(
      settings.parse({ site: "https://example.sharepoint.com/sites/HR", libraries: ["Policies"] }),
    ).toEqual({
      site: "https://example.sharepoint.com/sites/HR",
      libraries: ["Policies"],
    });
    const misspelt = settings.safeParse({
      site: "https://example.sharepoint.com/sites/HR",
      librarys: ["Policies"],
    });
    expect(misspelt.error?.issues[0]).toMatchObject({ code: "unrecognized_keys", keys: ["librarys"] });
    expect(settings.safeParse({ site: "example.sharepoint.com/sites/HR" }).success).toBe(false);
    expect(
      settings.safeParse({ site: "https://example.sharepoint.com/sites/HR", libraries: [] }).success,
    ).toBe(false);
    expect(sharepointSource).toMatchObject({
      type: "sharepoint",
      credentials: ["tenant", "client_id", "client_secret"],
      containers: "library name",
    });
  });

  it("finds the site's host and server-relative path, the root site's being empty", () => {
    expect(siteAddress("https://example.sharepoint.com/sites/HR%20Team/")).toEqual({
      hostname: "example.sharepoint.com",
      path: "/sites/HR Team",
    });
    expect(siteAddress("https://example.sharepoint.com/")).toEqual({
      hostname: "example.sharepoint.com",
      path: "",
    });
  });
});
