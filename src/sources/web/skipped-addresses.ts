import { extensionOf } from "../media-types.js";

/** Extensions of files a site links to that are never documents docent reads: not even asked for. */
const neverDocuments = new Set(
  [
    ...["png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "tif", "tiff", "avif"],
    ...["mp3", "wav", "ogg", "m4a", "mp4", "mov", "avi", "webm", "mkv"],
    ...["zip", "gz", "tgz", "tar", "7z", "rar", "bz2", "xz", "dmg", "exe", "msi", "iso", "apk"],
    ...["css", "js", "mjs", "map", "json", "xml", "rss", "atom", "woff", "woff2", "ttf", "otf", "eot"],
    ...["xls", "xlsx", "ppt", "pptx", "doc", "odt", "ods", "odp", "csv", "ics"],
  ].map((extension) => `.${extension}`),
);

/** Whether a linked address names a file docent never reads (an image, an archive, a stylesheet) by its extension. */
export function isNeverADocument(url: URL): boolean {
  return neverDocuments.has(extensionOf(url.pathname));
}
