import { parseArgs } from "node:util";
import { DocentError } from "../errors.js";
import { type CommandSpec, commandSpecs } from "./command-specs.js";

export interface CommandLine {
  /** A string flag's value, when given. */
  text(name: string): string | undefined;
  /** Whether a boolean flag was given. */
  flag(name: string): boolean;
  positionals: string[];
}

/**
 * Parses a command's flags as its spec declares them. A wrong flag fails with one sentence that points at the
 * command's --help (node's own messages quote badly and name no command).
 */
export function parseCommandLine(command: string, argv: string[]): CommandLine {
  const spec = specOf(command);
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, option]) => [name, { type: option.type }]),
  );
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: spec.positionals !== undefined,
      strict: true,
    });
  } catch (error) {
    throw new DocentError("CONFIG_INVALID", describeParseError(command, spec, argv, error), { cause: error });
  }
  const { values, positionals } = parsed;
  return {
    text: (name) => (typeof values[name] === "string" ? values[name] : undefined),
    flag: (name) => values[name] === true,
    positionals,
  };
}

function describeParseError(command: string, spec: CommandSpec, argv: string[], error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const seeHelp = `See \`docent ${command} --help\` for the options.`;
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const known = new Set(Object.keys(spec.options).flatMap((name) => [`--${name}`]));
    const unknown = argv.find((arg) => arg.startsWith("-") && !known.has(arg.split("=")[0] ?? arg)) ?? "";
    return `docent ${command}: unknown option ${unknown.split("=")[0]}. ${seeHelp}`;
  }
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
    const [name, option] =
      Object.entries(spec.options).find(
        ([name, option]) => option.type === "string" && argv.includes(`--${name}`),
      ) ?? [];
    if (name !== undefined && option !== undefined) {
      return `docent ${command}: --${name} needs a value (--${name} ${option.value ?? "VALUE"}). ${seeHelp}`;
    }
    return `docent ${command}: an option is missing its value. ${seeHelp}`;
  }
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    const extra = argv.find((arg) => !arg.startsWith("-")) ?? "";
    return `docent ${command}: unexpected argument "${extra}" (it takes none). ${seeHelp}`;
  }
  return `docent ${command}: ${error instanceof Error ? error.message : String(error)}. ${seeHelp}`;
}

function specOf(command: string): CommandSpec {
  const spec = commandSpecs[command];
  if (spec === undefined) throw new Error(`no spec for the command ${command}`);
  return spec;
}

/** `docent COMMAND --help`: usage, what it does, flags, examples, exit statuses. */
export function commandHelp(command: string): string {
  const spec = specOf(command);
  const visible = Object.entries(spec.options).filter(([, option]) => !option.hidden);
  const usageFlags = visible.map(([name, option]) => `[--${name}${option.value ? ` ${option.value}` : ""}]`);
  const usage = ["docent", command, ...usageFlags, ...(spec.positionals ? [spec.positionals] : [])].join(" ");
  const width = Math.max(0, ...visible.map(([name, option]) => `--${name} ${option.value ?? ""}`.length));
  const lines = [`Usage: ${usage}`, "", spec.summary];
  if (spec.details) lines.push(spec.details);
  if (visible.length > 0) {
    lines.push("", "Options:");
    for (const [name, option] of visible) {
      lines.push(`  ${`--${name} ${option.value ?? ""}`.padEnd(width)}  ${option.description}`);
    }
  }
  lines.push("", "Examples:", ...spec.examples.map((example) => `  ${example}`));
  const codeWidth = Math.max(...spec.exitCodes.map(([code]) => String(code).length));
  const exitLines = spec.exitCodes.map(
    ([code, meaning]) => `  ${String(code).padEnd(codeWidth)}  ${meaning}`,
  );
  lines.push("", "Exit status:", ...exitLines);
  lines.push(
    "",
    "Settings come from the environment and a .env file (README.md lists them); flags win over both.",
  );
  return `${lines.join("\n")}\n`;
}
