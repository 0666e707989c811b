/** A Markdown code fence: three or more backticks or tildes, indented by at most three spaces. */
export interface CodeFence {
  character: "`" | "~";
  length: number;
}

export function readFenceOpening(line: string): CodeFence | null {
  const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  const run = match?.[1];
  if (run === undefined) return null;
  // A backtick fence's info string may not contain backticks (CommonMark); such a line is inline code.
  if (run.startsWith("`") && line.slice(match?.[0].length).includes("`")) return null;
  return { character: run.startsWith("`") ? "`" : "~", length: run.length };
}

export function closesFence(line: string, fence: CodeFence): boolean {
  const trimmed = line.trim();
  if (line.length - line.trimStart().length > 3 || trimmed.length < fence.length) return false;
  for (const character of trimmed) if (character !== fence.character) return false;
  return true;
}
