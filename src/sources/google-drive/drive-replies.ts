import { z } from "zod";

/** The fields of a file docent asks for, as files.list and changes.list document them. */
export const driveFile = z.object({
  id: z.string().min(1),
  name: z.string(),
  mimeType: z.string(),
  modifiedTime: z.string().optional(),
  webViewLink: z.string().optional(),
  parents: z.array(z.string()).optional(),
  trashed: z.boolean().optional(),
  /** The shared drive the file is on, when it is on one. */
  driveId: z.string().optional(),
});

export type DriveFile = z.infer<typeof driveFile>;

export const fileList = z.object({
  nextPageToken: z.string().optional(),
  incompleteSearch: z.boolean().optional(),
  files: z.array(driveFile),
});

export const changeList = z.object({
  nextPageToken: z.string().optional(),
  newStartPageToken: z.string().optional(),
  changes: z.array(
    z.object({
      fileId: z.string().optional(),
      removed: z.boolean().optional(),
      file: driveFile.partial().optional(),
    }),
  ),
});

export const startPageToken = z.object({ startPageToken: z.string().min(1) });

/** The fields parameter of each call: only what docent reads. */
export const fileFields = "id,name,mimeType,modifiedTime,webViewLink,trashed,driveId";
export const listFields = `nextPageToken,incompleteSearch,files(${fileFields})`;
export const changeFields = "nextPageToken,newStartPageToken,changes(fileId,removed,file(parents,trashed))";
