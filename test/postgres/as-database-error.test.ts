import { describe, expect, it } from "vitest";
import { DocentError } from "../../src/errors.js";
import { asDatabaseError } from "../../src/postgres/connect-database.js";

/** A driver error as node-postgres raises it: a message and a SQLSTATE (or a socket error code). */
function driverError(code: string, message = `error ${code}`): Error {
  return Object.assign(new Error(message), { code });
}

describe("asDatabaseError", () => {
  it("reports a lost or refused connection as DATABASE_UNAVAILABLE, retryable", () => {
    for (const code of ["08006", "08001", "57P01", "ECONNREFUSED"]) {
      const mapped = asDatabaseError(driverError(code), "db.example:5432");
      expect(mapped, code).toBeInstanceOf(DocentError);
      expect((mapped as DocentError).code, code).toBe("DATABASE_UNAVAILABLE");
      expect((mapped as DocentError).retryable, code).toBe(true);
    }
  });

  it("passes a protocol violation (08P01) through unchanged: a bug in what was sent, not an outage", () => {
    const error = driverError(
      "08P01",
      "bind message supplies 2 parameters, but prepared statement requires 3",
    );
    expect(asDatabaseError(error, "db.example:5432")).toBe(error);
  });

  it("names what to fix in DATABASE_URL as CONFIG_INVALID", () => {
    const mapped = asDatabaseError(driverError("3D000"), "db.example:5432") as DocentError;
    expect(mapped.code).toBe("CONFIG_INVALID");
    expect(mapped.message).toMatch(/does not exist/);
  });
});
