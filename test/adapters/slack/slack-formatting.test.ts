import { describe, expect, it } from "vitest";
import { markdownToMrkdwn } from "../../../src/adapters/slack/markdown-to-mrkdwn.js";
import { splitMarkdown } from "../../../src/rendering/split-markdown.js";

describe("Markdown -> mrkdwn", () => {
  it("converts headings, bold, italics, links and bullets, and keeps code", () => {
    const markdown = [
      "## Leave policy",
      "You get **25 days** and *some* flexibility, see [the policy](https://x.example/leave?a=1&b=2).",
      "- first item",
      "* second `code_with_*stars*`",
      "```ts",
      "const a = b < c && d > e; // **not bold**",
      "```",
    ].join("\n");
    expect(markdownToMrkdwn(markdown)).toBe(
      [
        "*Leave policy*",
        "You get *25 days* and _some_ flexibility, see <https://x.example/leave?a=1&amp;b=2|the policy>.",
        "• first item",
        "• second `code_with_*stars*`",
        "```",
        "const a = b &lt; c &amp;&amp; d &gt; e; // **not bold**",
        "```",
      ].join("\n"),
    );
  });

  it("defuses Slack's special sequences so an answer can never ping", () => {
    expect(markdownToMrkdwn("Hi <!channel> and <@U123>")).toBe("Hi &lt;!channel&gt; and &lt;@U123&gt;");
  });
});

describe("Splitting long answers, measured as Slack mrkdwn", () => {
  const fits = (limit: number) => (head: string) => markdownToMrkdwn(head).length <= limit;

  it("splits at paragraph breaks and keeps every part within the limit", () => {
    const text = Array.from(
      { length: 40 },
      (_, i) => `Paragraph ${i} with **bold** words and more words.`,
    ).join("\n\n");
    const parts = splitMarkdown(text, fits(300));
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(markdownToMrkdwn(part).length).toBeLessThanOrEqual(300);
    expect(parts.join("\n\n")).toBe(text);
  });

  it("never cuts inside a link, and closes and reopens a code block too long for one message", () => {
    const link = "[the long handbook section](https://example.com/a/very/long/path/to/the/handbook/section)";
    const text = `${"word ".repeat(50)}${link} ${"word ".repeat(10)}`;
    for (const part of splitMarkdown(text, fits(270))) {
      expect(part.includes("[the long") === part.includes("section)")).toBe(true);
    }
    const code = `Intro.\n\n\`\`\`sh\n${Array.from({ length: 60 }, (_, i) => `echo line ${i}`).join("\n")}\n\`\`\`\nAfter.`;
    const parts = splitMarkdown(code, fits(200));
    expect(parts[0]).toBe("Intro.");
    for (const part of parts.slice(1, -1)) {
      expect(part.startsWith("```sh\n")).toBe(true);
      expect(part.endsWith("\n```")).toBe(true);
    }
    const lines = parts
      .join("\n")
      .split("\n")
      .filter((line) => line.startsWith("echo"));
    expect(lines).toHaveLength(60);
  });
});
