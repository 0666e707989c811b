/**
 * What each command accepts and promises: its flags (parse-command-line.ts parses exactly these), examples and exit
 * statuses. `docent COMMAND --help` prints it, so the help and the parser cannot drift apart.
 */
export interface OptionSpec {
  type: "string" | "boolean";
  /** The value's name in the usage line (`--docs DIR`). */
  value?: string;
  description: string;
  /** Accepted but left out of the help (a parent process's flag). */
  hidden?: boolean;
}

export interface CommandSpec {
  summary: string;
  /** The positional arguments, as shown in the usage line; none when absent. */
  positionals?: string;
  details?: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  exitCodes: Array<[number, string]>;
}

const index: OptionSpec = {
  type: "string",
  value: "DIR",
  description: "the index folder (DOCENT_INDEX_DIR)",
};
const scope: OptionSpec = {
  type: "string",
  value: "a,b",
  description:
    "search only these scopes (the first folders under the documents folder); default: all; naming none is refused",
};
const failed: [number, string] = [
  1,
  "it failed: the message says what to fix (configuration, no index, ...)",
];

export const commandSpecs: Record<string, CommandSpec> = {
  ingest: {
    summary: "Index the documents folder (incremental and atomic).",
    details:
      "Unchanged files are not embedded again, deleted ones disappear, and the bots keep serving the old index\n" +
      "until the new one is complete. A document's scope is its first folder (hr/leave.md: hr; root files: public).",
    options: {
      docs: { type: "string", value: "DIR", description: "the documents folder (DOCENT_DOCS_DIR)" },
      index,
      rebuild: {
        type: "boolean",
        description: "re-read and re-embed every file instead of only the changed ones",
      },
      json: { type: "boolean", description: "print the result as one JSON object (no progress)" },
      verbose: { type: "boolean", description: "also list the files skipped as not documents" },
      "progress-json": { type: "boolean", description: "progress as JSON lines", hidden: true },
    },
    examples: [
      "docent ingest",
      "docent ingest --docs ~/handbook --verbose",
      "docent ingest --rebuild --json",
    ],
    exitCodes: [
      [0, "every document was indexed"],
      [1, "nothing changed: the message says why (no documents, a folder that is not one, configuration)"],
      [
        2,
        "indexed, but some files could not be read, or a damaged index was rebuilt (the report says which)",
      ],
      [3, "another ingest is running on this index"],
      [130, "cancelled (Ctrl-C); the index is unchanged"],
    ],
  },
  search: {
    summary: "Retrieval only: the passages the bots would find.",
    details:
      "Without QUESTION it reads one question per line from standard input; a line that is too long\n" +
      "(DOCENT_MAX_QUESTION_CHARS) or fails is named on standard error and the next lines go on.",
    positionals: "[QUESTION]",
    options: {
      index,
      top: { type: "string", value: "K", description: "how many passages (1 to 1000; default 5)" },
      scope,
      json: { type: "boolean", description: "one JSON line per question: {question, results: [...]}" },
    },
    examples: ['docent search "parental leave"', "docent search --json --scope public < questions.txt"],
    exitCodes: [
      [0, "searched"],
      failed,
      [
        2,
        "some lines of standard input were refused or failed (named on standard error); the rest were searched",
      ],
    ],
  },
  ask: {
    summary: "One answer with its sources.",
    positionals: "QUESTION",
    options: {
      index,
      scope,
      json: { type: "boolean", description: "print the whole answer object as JSON" },
    },
    examples: [
      'docent ask "How do I request leave?"',
      'docent ask --json --scope public,hr "Who approves expenses?"',
    ],
    exitCodes: [
      [0, "answered (also when the documents do not cover it or the model failed: the answer says so)"],
      failed,
    ],
  },
  chat: {
    summary: "A console conversation with streamed answers and their sources.",
    details:
      "The conversation is kept as context. In the chat: /help, /sources (the passages of the last answer),\n" +
      "/new (start over), /quit.",
    options: {
      index,
      scope,
      json: {
        type: "boolean",
        description: "one question a line on standard input, one answer object a line out",
      },
    },
    examples: [
      "docent chat",
      "docent chat --scope public",
      "printf 'Who is the CTO?\\nSince when?\\n' | docent chat --json",
    ],
    exitCodes: [
      [0, "the conversation ended (/quit, Ctrl-D)"],
      failed,
      [2, "with --json: some lines were refused or failed (named on standard error); the rest were answered"],
    ],
  },
  start: {
    summary: "Serve Slack and/or Discord (or the console chat in a terminal).",
    details:
      "Serves every chat platform whose tokens are set, with /healthz, /readyz and /metrics. With none, it opens\n" +
      "the console chat in a terminal and fails without one (a container needs tokens). Indexes the documents\n" +
      "first when there is no index yet. `npm start` runs it.",
    options: {},
    examples: ["docent start", "SLACK_BOT_TOKEN=xoxb-... SLACK_APP_TOKEN=xapp-... docent start"],
    exitCodes: [
      [0, "stopped by SIGINT or SIGTERM (or the console chat ended)"],
      [1, "could not start: the message says what to fix (no platform and no terminal, a port in use, ...)"],
    ],
  },
  status: {
    summary: "Index, scopes, embedder, engine, platforms and the last ingest.",
    details:
      "The documents folder an ingest uses, the index generation, documents and chunks per scope, the embedder, the\n" +
      "engine and whether it is ready (its server answers and has the model, or what to do), the configured\n" +
      "platforms, the last ingest, the access file, and the scopes no Slack or Discord conversation may search.\n" +
      "`docent doctor` also tries the Slack and Discord tokens.",
    options: { index, json: { type: "boolean", description: "print the status as one JSON object" } },
    examples: ["docent status", "docent status --json"],
    exitCodes: [
      [0, "reported (no index yet, or an engine that is not ready, is reported, not an error)"],
      [1, "it could not report: the message says what to fix (configuration, an unreadable index)"],
    ],
  },
  doctor: {
    summary: "Try the index, the engine and the Slack and Discord tokens for real.",
    details:
      "What status only reads from the configuration, tried: the index, the engine (its server answers and has\n" +
      "the model), Slack's tokens (auth.test, and apps.connections.open in Socket Mode) and Discord's (GET\n" +
      "/users/@me and /applications/@me), with the configured API URLs. Each failure says what fixes it.",
    options: { index, json: { type: "boolean", description: "print the checks as one JSON object" } },
    examples: ["docent doctor", "docent doctor --json"],
    exitCodes: [
      [0, "every check passed (platforms that are not configured are not checked)"],
      [1, "a check failed (each says what to fix), or the configuration is invalid"],
    ],
  },
  rollback: {
    summary: "Make the previous index generation current again.",
    details:
      "The generation before the last ingest is always kept; running bots switch to it before their next question.",
    options: { index },
    examples: ["docent rollback"],
    exitCodes: [
      [0, "rolled back"],
      [1, "there is no previous generation, or it failed"],
      [3, "an ingest is running on this index"],
    ],
  },
  feedback: {
    summary: "Helpful / Not helpful votes from Slack and Discord.",
    details: "Totals and votes per cited source; --json exports every vote.",
    options: { json: { type: "boolean", description: "every vote, as one JSON array" } },
    examples: ["docent feedback", "docent feedback --json > votes.json"],
    exitCodes: [[0, "printed"], failed],
  },
};
