import { describe, expect, it } from "vitest";
import {
  closeOpenCodeBlock,
  cutMarkdown,
  splitMarkdown,
  withinCharacters,
} from "../../src/rendering/split-markdown.js";

const splitMessage = (text: string) => splitMarkdown(text, withinCharacters(2000));

const paragraph = (word: string, count: number) => Array.from({ length: count }, () => word).join(" ");

function fencesBalanced(part: string): boolean {
  return (part.match(/^```/gm)?.length ?? 0) % 2 === 0;
}

describe("splitMarkdown at a character limit (Discord's 2,000)", () => {
  it("keeps a short text whole", () => {
    expect(splitMessage("Short answer [1].")).toEqual(["Short answer [1]."]);
  });

  it("cuts at paragraph breaks, every part within the limit", () => {
    const text = [paragraph("alpha", 150), paragraph("beta", 150), paragraph("gamma", 150)].join("\n\n");
    const parts = splitMessage(text);
    expect(parts).toEqual([
      `${paragraph("alpha", 150)}\n\n${paragraph("beta", 150)}`,
      paragraph("gamma", 150),
    ]);
  });

  it("never cuts inside a code block that fits in one message", () => {
    const code = `\`\`\`ts\n${Array.from({ length: 60 }, (_, line) => `const value${line} = ${line};`).join("\n")}\n\`\`\``;
    const text = `${paragraph("intro", 250)}\n\n${code}\n\n${paragraph("outro", 50)}`;
    const parts = splitMessage(text);
    expect(parts.every((part) => part.length <= 2000 && fencesBalanced(part))).toBe(true);
    expect(parts.some((part) => part.includes(code))).toBe(true);
  });

  it("closes and reopens the fence of a code block longer than a message", () => {
    const code = `\`\`\`python\n${Array.from({ length: 200 }, (_, line) => `print(${line})  # line ${line}`).join("\n")}\n\`\`\``;
    const parts = splitMessage(code);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(2000);
      expect(part.startsWith("```python\n")).toBe(true);
      expect(part.endsWith("\n```")).toBe(true);
    }
    const lines = parts.flatMap((part) => part.split("\n").slice(1, -1));
    expect(lines).toEqual(code.split("\n").slice(1, -1));
  });

  it("never cuts inside a link, even with no space to cut at nearby", () => {
    const link = `[${paragraph("label", 10)}](<https://docs.example.com/${"a".repeat(150)}>)`;
    const text = `${"x".repeat(1900)} ${link} tail`;
    const parts = splitMessage(text);
    expect(parts[1]).toBe(`${link} tail`);
  });

  it("cuts a long paragraph at a space when there is no line break", () => {
    const parts = splitMessage(paragraph("word", 1000));
    expect(parts.every((part) => part.length <= 2000 && !part.startsWith(" ") && !part.endsWith(" "))).toBe(
      true,
    );
    expect(parts.join(" ")).toBe(paragraph("word", 1000));
  });

  it("measures with the progressive reply's own test of what fits", () => {
    const text = `${paragraph("alpha", 10)}\n\n${paragraph("beta", 10)}`;
    expect(cutMarkdown(text, (head) => head.length <= 70)).toEqual({
      head: paragraph("alpha", 10),
      overflow: paragraph("beta", 10),
    });
  });
});

describe("cutMarkdown and the code-fence rule", () => {
  it("cuts at a paragraph, then a line, then a space", () => {
    expect(cutMarkdown("aaa bbb\nccc\n\nddd", withinCharacters(14))).toEqual({
      head: "aaa bbb\nccc",
      overflow: "ddd",
    });
    expect(cutMarkdown("aaa bbb\nccc ddd", withinCharacters(13))).toEqual({
      head: "aaa bbb",
      overflow: "ccc ddd",
    });
    expect(cutMarkdown("aaa bbb ccc", withinCharacters(9))).toEqual({ head: "aaa bbb", overflow: "ccc" });
    expect(cutMarkdown("short", withinCharacters(9))).toEqual({ head: "short", overflow: "" });
  });

  it("closes a code block left open with its own fence, and leaves closed ones alone", () => {
    expect(closeOpenCodeBlock("Run:\n```sh\nls")).toBe("Run:\n```sh\nls\n```");
    expect(closeOpenCodeBlock("Run:\n~~~\nls")).toBe("Run:\n~~~\nls\n~~~");
    expect(closeOpenCodeBlock("```\nls\n```\nDone.")).toBe("```\nls\n```\nDone.");
  });
});
