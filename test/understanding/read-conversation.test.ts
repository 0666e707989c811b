import { describe, expect, it } from "vitest";
import { readConversation } from "../../src/understanding/read-conversation.js";

describe("readConversation", () => {
  const vacation = "how many vacation days do i get?";
  const sick = "im sick today, who do i tell?";

  it("reads a question that stands on its own alone, however long the conversation before it", () => {
    expect(readConversation("how long is paternity leave for the second parent?", [vacation, sick])).toEqual({
      leaning: "alone",
      context: [],
    });
    expect(
      readConversation("my old dog died last night :( is there any leave for losing a pet?", [vacation]),
    ).toMatchObject({ leaning: "alone" });
    expect(
      readConversation("how long does it take to get a replacement security badge printed?", [vacation]),
    ).toMatchObject({
      leaning: "alone",
    });
  });

  it("reads a follow-up with the question it leans on, and only with what that one leaned on in turn", () => {
    const primary = "how much extra do you get paid for a week as primary on-call?";
    const backup = "what about the backup person?";
    expect(readConversation("and in toronto?", [sick, vacation])).toEqual({
      leaning: "leans",
      context: [vacation],
    });
    expect(readConversation("how much is that for someone in Halifax?", [vacation, primary, backup])).toEqual(
      {
        leaning: "leans",
        context: [backup, primary],
      },
    );
    expect(
      readConversation("it falls on a saturday though, do we get the monday off instead?", [vacation]),
    ).toMatchObject({ leaning: "leans" });
    expect(readConversation("does that apply to contractors?", [vacation])).toMatchObject({
      leaning: "leans",
    });
  });

  it("leaves it to retrieval when a question points back but says enough to stand alone", () => {
    const reading = readConversation("a supplier wants to send me a christmas hamper, can I keep it?", [
      sick,
    ]);
    expect(reading).toEqual({ leaning: "maybe", context: [sick] });
    expect(readConversation("do we get a paid day off on our birthday?", [vacation])).toMatchObject({
      leaning: "maybe",
    });
  });

  it("has no context to lean on at the start of a conversation", () => {
    expect(readConversation("and in toronto?", [])).toEqual({ leaning: "alone", context: [] });
  });
});
