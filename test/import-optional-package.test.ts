import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { importOptionalPackage } from "../src/import-optional-package.js";
import { makeTempFolder } from "./helpers/temp-folder.js";

const wanted = {
  name: "some-package",
  setting: "LLM_PROVIDER",
  value: "llamacpp",
  install: "npm install some-package",
};

describe("importOptionalPackage", () => {
  it("says the command that installs a missing package and the setting to change instead", async () => {
    await expect(
      importOptionalPackage({ ...wanted, specifier: "docent-no-such-package" }),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "LLM_PROVIDER=llamacpp needs the optional package some-package, which is not installed. Run `npm install some-package` or choose another LLM_PROVIDER",
    });
  });

  it("tells a package that is present but fails to load from a missing one, and loads a good one", async () => {
    const folder = await makeTempFolder();
    const broken = path.join(folder, "broken.mjs");
    const good = path.join(folder, "good.mjs");
    await writeFile(broken, 'throw new Error("no binary for this CPU");\n');
    await writeFile(good, "export const answer = 42;\n");
    await expect(
      importOptionalPackage({ ...wanted, specifier: pathToFileURL(broken).href }),
    ).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message:
        "some-package is installed but could not be loaded on this machine. Reinstall it or choose another LLM_PROVIDER",
    });
    const loaded = await importOptionalPackage<{ answer: number }>({
      ...wanted,
      specifier: pathToFileURL(good).href,
    });
    expect(loaded.answer).toBe(42);
  });
});
