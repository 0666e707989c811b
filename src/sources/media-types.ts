/**
 * The kinds of document docent reads, by media type, and the file extensions that name them. Loaders are chosen by
 * media type: a folder gives the type of a file's extension; other sources say it themselves (a web page's
 * Content-Type, a Drive file's mimeType).
 */
export const documentMediaTypes = {
  markdown: "text/markdown",
  text: "text/plain",
  html: "text/html",
  pdf: "application/pdf",
  word: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

export type DocumentMediaType = (typeof documentMediaTypes)[keyof typeof documentMediaTypes];

const byExtension: ReadonlyMap<string, DocumentMediaType> = new Map([
  [".md", documentMediaTypes.markdown],
  [".markdown", documentMediaTypes.markdown],
  [".txt", documentMediaTypes.text],
  [".html", documentMediaTypes.html],
  [".htm", documentMediaTypes.html],
  [".pdf", documentMediaTypes.pdf],
  [".docx", documentMediaTypes.word],
]);

/** The file extensions (lower case, with the dot) of the documents docent reads. */
export const documentExtensions: ReadonlySet<string> = new Set(byExtension.keys());

/** ".md, .markdown, .txt, .html, .htm, .pdf and .docx", for messages. */
export const documentExtensionList = (() => {
  const all = [...documentExtensions];
  return `${all.slice(0, -1).join(", ")} and ${all.at(-1)}`;
})();

/** The lower-cased extension of a forward-slash path ("" when the file name has none). */
export function extensionOf(path: string): string {
  const fileName = path.slice(path.lastIndexOf("/") + 1);
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot).toLowerCase() : "";
}

/** The media type a file's extension names, or undefined for a file that is not a document docent reads. */
export function mediaTypeOfPath(path: string): DocumentMediaType | undefined {
  return byExtension.get(extensionOf(path));
}

/**
 * The media type a source reported, as the loaders know it: parameters dropped ("text/html; charset=utf-8"), case
 * ignored; undefined for a type no loader reads.
 */
export function documentMediaType(reported: string): DocumentMediaType | undefined {
  const bare = reported.split(";")[0]?.trim().toLowerCase() ?? "";
  const known = Object.values(documentMediaTypes) as string[];
  if (known.includes(bare)) return bare as DocumentMediaType;
  if (bare === "text/x-markdown") return documentMediaTypes.markdown;
  if (bare === "application/xhtml+xml") return documentMediaTypes.html;
  return undefined;
}
