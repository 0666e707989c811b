import { callDrive } from "./drive-call.js";
import { changeFields, changeList, startPageToken } from "./drive-replies.js";
import type { WalkOptions } from "./walk-folders.js";

/** Where the Changes API's feed stands now: changes after this are listed next time. */
export async function currentChangeToken(options: WalkOptions): Promise<string> {
  const reply = await callDrive(
    () => options.client.changes.getStartPageToken({ supportsAllDrives: true }, { signal: options.signal }),
    startPageToken,
    { ...options.hints, what: "where the Changes API stands" },
  );
  return reply.startPageToken;
}

/**
 * Reads the change feed from `token` to its end: whether any change touches what was synced (a file or folder
 * walked last time, or a file whose parents include one), and the token to start from next time. Changes elsewhere
 * in what the service account can see are passed over.
 */
export async function changesSince(
  token: string,
  known: ReadonlySet<string>,
  options: WalkOptions,
): Promise<{ touched: boolean; next: string }> {
  let touched = false;
  let pageToken = token;
  for (;;) {
    const page = await callDrive(
      () =>
        options.client.changes.list(
          {
            pageToken,
            fields: changeFields,
            pageSize: 1000,
            includeRemoved: true,
            supportsAllDrives: true,
            includeItemsFromAllDrives: true,
          },
          { signal: options.signal },
        ),
      changeList,
      { ...options.hints, what: "the changes since the last sync" },
    );
    for (const change of page.changes) {
      const parents = change.file?.parents ?? [];
      if ((change.fileId !== undefined && known.has(change.fileId)) || parents.some((id) => known.has(id))) {
        touched = true;
      }
    }
    if (page.newStartPageToken !== undefined) return { touched, next: page.newStartPageToken };
    if (page.nextPageToken === undefined) return { touched: true, next: token };
    pageToken = page.nextPageToken;
  }
}
