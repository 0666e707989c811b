import { describe, expect, it } from "vitest";
import { tokenize } from "../../src/text/tokenize.js";

describe("tokenize", () => {
  it("lower-cases, drops stopwords and stems", () => {
    expect(tokenize("How do I Create the Evaluations?")).toEqual(["creat", "evalu"]);
  });

  it("keeps identifiers whole as well as in parts", () => {
    expect(tokenize("Set max_tokens")).toEqual(["set", "max", "token", "max_tokens"]);
    expect(tokenize("claude-3-haiku")).toEqual(["claud", "3", "haiku", "claude-3-haiku"]);
  });

  it("writes a hyphenated word's whole together, as people type it", () => {
    expect(tokenize("the Wi-Fi network")).toEqual(["wi", "fi", "wifi", "network"]);
    expect(tokenize("which wifi")).toEqual(["wifi"]);
    expect(tokenize("e-mails")).toEqual(["mail", "email"]);
    expect(tokenize("emails")).toEqual(["email"]);
    expect(tokenize("POST v1/messages.")).toEqual(["post", "v1", "messag", "v1/messages"]);
  });

  it("splits camelCase and acronyms", () => {
    expect(tokenize("maxTokens")).toEqual(["max", "token", "maxtokens"]);
    expect(tokenize("HTTPServer")).toEqual(["http", "server", "httpserver"]);
  });

  it("treats apostrophes and punctuation as separators and drops single letters", () => {
    expect(tokenize("Claude's answer, e.g. (short)")).toEqual(["claud", "answer", "short"]);
  });

  it("folds Latin accents and keeps other scripts", () => {
    expect(tokenize("Café RÉSUMÉ")).toEqual(tokenize("cafe resume"));
    expect(tokenize("Привет мир")).toEqual(["привет", "мир"]);
  });

  it("turns Chinese and Japanese runs into character pairs", () => {
    expect(tokenize("東京都")).toEqual(["東京", "京都"]);
  });

  it("returns nothing for text without words", () => {
    expect(tokenize(" ... !? ")).toEqual([]);
  });
});
