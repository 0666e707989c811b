// Damage for index files, and the documents of the small indexes damaged (no vitest here: a child process uses it).
import { open } from "node:fs/promises";

/** A handful of short documents: an index of them builds in a second or two. */
export const smallDocuments: Record<string, string> = {
  "public/parking.md":
    "# Parking\n\nStaff park in the north car park. Visitors get a day pass from reception.\n\n" +
    "## Bicycles\n\nThe bike shed by the east door has forty places and a pump.\n",
  "public/leave.md":
    "# Leave\n\nEveryone gets twenty-five days of paid leave a year, plus public holidays.\n\n" +
    "## Parental leave\n\nParents get sixteen weeks of paid parental leave.\n",
  "hr/salaries.md": "# Salaries\n\nSalaries are reviewed every April against the market survey.\n",
  "engineering/deploys.md":
    "# Deploys\n\nDeploys go out on Tuesdays and Thursdays after the change review at ten.\n",
};

/** Writes bytes into a file at an offset, in place (as `dd conv=notrunc` does). */
export async function overwrite(file: string, offset: number, bytes: Uint8Array): Promise<void> {
  const handle = await open(file, "r+");
  try {
    await handle.write(bytes, 0, bytes.length, offset);
  } finally {
    await handle.close();
  }
}

/** Flips one bit of a file in place. */
export async function flipBit(file: string, offset: number, bit: number): Promise<void> {
  const handle = await open(file, "r+");
  try {
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, offset);
    byte[0] = (byte[0] as number) ^ (1 << bit);
    await handle.write(byte, 0, 1, offset);
  } finally {
    await handle.close();
  }
}
