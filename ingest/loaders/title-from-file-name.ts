/** "hr/annual-leave_policy.md" -> "Annual leave policy": the fallback title when a document names none. */
export function titleFromFileName(source: string): string {
  const fileName = source.slice(source.lastIndexOf("/") + 1);
  const dot = fileName.lastIndexOf(".");
  const stem = dot > 0 ? fileName.slice(0, dot) : fileName;
  const words = stem.replace(/[-_.\s]+/g, " ").trim();
  if (words === "") return fileName;
  return words.charAt(0).toUpperCase() + words.slice(1);
}
