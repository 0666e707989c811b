import { describe, expect, it } from "vitest";
import { createSourceLinker } from "../../src/answer/source-links.js";

describe("createSourceLinker", () => {
  it("uses the longest matching prefix of the map, on whole path segments", () => {
    const links = createSourceLinker({
      sourceBaseUrl: "https://docs.example.com/base/",
      sourceUrlMap: {
        hr: "https://hr.example.com/wiki",
        "hr/policies/": "https://policies.example.com/",
        "public/faq.md": "https://example.com/faq",
      },
    });
    expect(links("hr/leave policy.md", null)).toBe("https://hr.example.com/wiki/leave%20policy.md");
    expect(links("hr/policies/leave.md", null)).toBe("https://policies.example.com/leave.md");
    expect(links("public/faq.md", null)).toBe("https://example.com/faq");
    expect(links("hrx/notes.md", null)).toBe("https://docs.example.com/base/hrx/notes.md");
  });

  it("falls back to the base URL with encoded segments and PDF pages", () => {
    const links = createSourceLinker({ sourceBaseUrl: "https://docs.example.com", sourceUrlMap: {} });
    expect(links("hr/benefits summary #2026.pdf", 3)).toBe(
      "https://docs.example.com/hr/benefits%20summary%20%232026.pdf#page=3",
    );
    expect(links("welcome.md", null)).toBe("https://docs.example.com/welcome.md");
  });

  it("adds the page to a mapped URL too, and gives undefined with no settings", () => {
    const mapped = createSourceLinker({ sourceUrlMap: { hr: "https://hr.example.com" } });
    expect(mapped("hr/benefits.pdf", 2)).toBe("https://hr.example.com/benefits.pdf#page=2");
    expect(mapped("public/faq.md", null)).toBeUndefined();
    expect(createSourceLinker({ sourceUrlMap: {} })("hr/benefits.pdf", 2)).toBeUndefined();
  });
});
