import { DocentError } from "./errors.js";

/** An optional package (not in the default install) and the setting that asks for it, for the error sentences. */
export interface OptionalPackage {
  /** The package's name, as the sentences say it. */
  name: string;
  /** The module to import; computed at run time, so TypeScript never requires the package at build time. */
  specifier: string;
  /** The setting and the value that need it, for example EMBEDDINGS_PROVIDER and transformers. */
  setting: string;
  value: string;
  /** The one command that installs it. */
  install: string;
}

/**
 * Loads an optional package (node-llama-cpp, @huggingface/transformers) when the configuration chooses it. `T` is
 * the caller's own description of the part of the API it uses. A missing package is a sentence with the command
 * that adds it; one that is present but does not load says so; both name the setting to change instead.
 */
export async function importOptionalPackage<T>(wanted: OptionalPackage): Promise<T> {
  try {
    return (await import(wanted.specifier)) as T;
  } catch (error) {
    const missing = (error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND";
    const { name, setting, value, install } = wanted;
    throw new DocentError(
      "CONFIG_INVALID",
      missing
        ? `${setting}=${value} needs the optional package ${name}, which is not installed. Run \`${install}\` or choose another ${setting}`
        : `${name} is installed but could not be loaded on this machine. Reinstall it or choose another ${setting}`,
      { cause: error },
    );
  }
}
