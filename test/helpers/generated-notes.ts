/** A folder's worth of small generated Markdown notes (12 paragraphs each), for tests that need an ingest to take a while. */
export function generatedNotes(files: number, topic = "harbour"): Record<string, string> {
  const documents: Record<string, string> = {};
  for (let file = 0; file < files; file++) {
    const paragraphs = Array.from(
      { length: 12 },
      (_, paragraph) =>
        `Paragraph ${paragraph} of ${topic} note ${file} talks about item ${file * 13 + paragraph}.`,
    );
    documents[`notes/${topic}-${file}.md`] = `# ${topic} note ${file}\n\n${paragraphs.join("\n\n")}\n`;
  }
  return documents;
}
