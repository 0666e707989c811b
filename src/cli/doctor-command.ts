import { createCliContext } from "./cli-context.js";
import { type DoctorCheck, runDoctorChecks } from "./doctor-checks.js";
import { parseCommandLine } from "./parse-command-line.js";

/**
 * docent doctor [--json]: what `docent status` only reads from the configuration, tried for real: the index, the
 * engine (the server answers and has the model), Slack's tokens (auth.test, apps.connections.open) and Discord's
 * (GET /users/@me and /applications/@me), each through the client docent serves with and the configured API URLs.
 * Says what works and what to fix. Exit status 0 when every check passed, 1 when one failed.
 */
export async function runDoctorCommand(argv: string[]): Promise<number> {
  const line = parseCommandLine("doctor", argv);
  const { config, logger } = createCliContext({ DOCENT_INDEX_DIR: line.text("index") });
  const checks = await runDoctorChecks(config, logger);
  const failed = checks.filter((check) => check.ok === false).length;
  process.stdout.write(
    line.flag("json") ? `${JSON.stringify({ ok: failed === 0, checks })}\n` : describeChecks(checks),
  );
  return failed === 0 ? 0 : 1;
}

function describeChecks(checks: readonly DoctorCheck[]): string {
  const width = Math.max(...checks.map((check) => check.name.length)) + 2;
  const lines = checks.flatMap((check) => {
    const mark = check.ok === true ? "ok  " : check.ok === false ? "FAIL" : "--  ";
    const first = `${mark}  ${check.name.padEnd(width)}${check.detail}`;
    return check.fix === undefined ? [first] : [first, `${" ".repeat(6 + width)}To fix: ${check.fix}`];
  });
  const failed = checks.filter((check) => check.ok === false).length;
  const tried = checks.filter((check) => check.ok !== null).length;
  lines.push("", failed === 0 ? `Every check passed (${tried}).` : `${failed} of ${tried} checks failed.`);
  return `${lines.join("\n")}\n`;
}
