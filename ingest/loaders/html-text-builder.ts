import type { DocumentSection } from "../../src/documents/chunk.js";

/**
 * Collects the text of an HTML walk: inline text joins into lines, lines into paragraphs (blank-line separated),
 * paragraphs into sections, and a heading closes one section and opens the next one with a new heading path.
 * Preformatted text keeps its lines and is fenced with ``` so that the splitter keeps code blocks whole.
 */
export class HtmlTextBuilder {
  readonly sections: DocumentSection[] = [];
  private readonly headings: Array<{ level: number; text: string }> = [];
  private paragraphs: string[] = [];
  private lines: string[] = [];
  private line = "";
  private preformatted = false;
  private atFenceStart = false;

  /** Inline text; whitespace runs collapse to one space outside preformatted blocks. */
  appendText(text: string): void {
    if (!this.preformatted) {
      const collapsed = text.replace(/\s+/g, " ");
      this.line += this.line === "" || this.line.endsWith(" ") ? collapsed.trimStart() : collapsed;
      return;
    }
    // HTML ignores a newline right after <pre>.
    const [first = "", ...rest] = (this.atFenceStart ? text.replace(/^\r?\n/, "") : text).split(/\r?\n/);
    this.atFenceStart = false;
    this.line += first;
    for (const next of rest) {
      this.lines.push(this.line.trimEnd());
      this.line = next;
    }
  }

  breakLine(): void {
    const line = this.line.trimEnd();
    if (line !== "") this.lines.push(line);
    this.line = "";
  }

  breakParagraph(): void {
    this.breakLine();
    if (this.preformatted || this.lines.length === 0) return;
    this.paragraphs.push(this.lines.join("\n"));
    this.lines = [];
  }

  openPreformatted(): void {
    if (this.preformatted) return;
    this.breakParagraph();
    this.lines.push("```");
    this.preformatted = true;
    this.atFenceStart = true;
  }

  closePreformatted(): void {
    if (!this.preformatted) return;
    this.breakLine();
    while (this.lines.at(-1) === "") this.lines.pop();
    if (this.lines.at(-1) === "```") this.lines.pop();
    else this.lines.push("```");
    this.preformatted = false;
    this.breakParagraph();
  }

  /** Closes the current section and opens one under the given heading (level 1-6). */
  openSection(level: number, text: string): void {
    this.closeSection();
    while ((this.headings.at(-1)?.level ?? 0) >= level) this.headings.pop();
    this.headings.push({ level, text });
  }

  closeSection(): void {
    this.closePreformatted();
    this.breakParagraph();
    const text = this.paragraphs.join("\n\n").trim();
    const headingPath = this.headings.map((heading) => heading.text);
    if (text !== "") this.sections.push({ text, headingPath, page: null });
    this.paragraphs = [];
  }
}
