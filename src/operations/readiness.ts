import { isDocentError } from "../errors.js";

/**
 * GET /readyz: every check answers { ok, ...details }; ready only when all are ok. A check that throws or takes
 * longer than the timeout counts as not ok, so a probe always gets an answer.
 */
export interface CheckResult {
  ok: boolean;
  [detail: string]: unknown;
}

export type ReadinessCheck = () => Promise<CheckResult>;

export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, CheckResult>;
}

export async function runReadinessChecks(
  checks: Readonly<Record<string, ReadinessCheck>>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const names = Object.keys(checks);
  const results = await Promise.all(
    names.map((name) => withTimeout(checks[name] as ReadinessCheck, timeoutMs)),
  );
  const report: ReadinessReport = { ready: results.every((result) => result.ok), checks: {} };
  names.forEach((name, position) => {
    report.checks[name] = results[position] as CheckResult;
  });
  return report;
}

async function withTimeout(check: ReadinessCheck, timeoutMs: number): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ ok: false, error: `no answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([check(), timedOut]);
  } catch (error) {
    return { ok: false, error: isDocentError(error) ? error.code : "INTERNAL" };
  } finally {
    clearTimeout(timer);
  }
}
