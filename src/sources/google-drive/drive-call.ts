import type { z } from "zod";
import { type DriveHints, driveFailure, malformedReply } from "./drive-failure.js";

/**
 * One call of the Drive client, its reply checked against the documented shape: a refused or failed call becomes
 * its sentence (drive-failure.ts), a reply of another shape (a cut-off body, an HTML error page) one sentence too.
 */
export async function callDrive<Shape extends z.ZodType>(
  call: () => Promise<{ data: unknown; url?: string; config?: { url?: unknown } }>,
  shape: Shape,
  hints: DriveHints,
): Promise<z.infer<Shape>> {
  let reply: Awaited<ReturnType<typeof call>>;
  try {
    reply = await call();
  } catch (error) {
    throw driveFailure(error, hints);
  }
  const parsed = shape.safeParse(reply.data);
  if (!parsed.success) throw malformedReply(hints, reply.url ?? String(reply.config?.url ?? ""));
  return parsed.data;
}
