/**
 * Confluence's storage format (XHTML with ac: and ri: elements) as plain HTML that the HTML loader reads: headings,
 * paragraphs, lists and tables are HTML already and pass through; a code or noformat macro's CDATA body becomes a
 * <pre> block with its text kept (escaped, so code mentioning tags stays text); a rich-text macro body (info, note,
 * expand, panel) becomes a <div>; tasks become list items marked [ ] or [x]; a link without its own text shows the
 * title of the page or file it points to; of macro parameters only those people see stay (a panel's title, a status
 * lozenge's text, a Jira key), the settings and placeholders are dropped. One linear scan.
 */

/** Elements renamed to the HTML element that reads the same (their attributes dropped). */
const renamed: ReadonlyMap<string, string> = new Map([
  ["ac:plain-text-body", "pre"],
  ["ac:rich-text-body", "div"],
  ["ac:task-list", "ul"],
  ["ac:task", "li"],
  ["ac:layout-section", "div"],
  ["ac:layout-cell", "div"],
]);

/** Elements whose content is never page text: macro settings, editor hints, ids. */
const dropped: ReadonlySet<string> = new Set([
  "ac:parameter",
  "ac:placeholder",
  "ac:task-id",
  "ac:task-uuid",
  "ac:adf-attribute",
]);

const token = /<!\[CDATA\[|<!--|<(\/?)([A-Za-z][\w:.-]*)([^>]*)>/g;

/** What the scan has written and where it is: inside dropped elements, inside a link. */
interface Scan {
  output: string[];
  /** Depth inside dropped elements: nothing is written while above zero. */
  dropping: number;
  /** The link being read: the title of what it points to, and whether it has text of its own. */
  link: { target: string; hasText: boolean } | null;
  /** The renamed elements open now, so that a body cut short still closes them (an open <pre> would swallow the rest). */
  open: string[];
  /** The names of the macros the scan is inside (innermost last), and whether it is in a parameter shown as text. */
  macros: string[];
  inShownParameter: boolean;
}

export function storageToHtml(storage: string, title: string): string {
  const scan: Scan = { output: [], dropping: 0, link: null, open: [], macros: [], inShownParameter: false };
  let position = 0;
  token.lastIndex = 0;
  for (let match = token.exec(storage); match !== null; match = token.exec(storage)) {
    write(scan, storage.slice(position, match.index));
    position = token.lastIndex;
    if (match[0] === "<![CDATA[") position = copyUntil(scan, storage, position, "]]>", escapeHtml);
    else if (match[0] === "<!--") position = copyUntil(scan, storage, position, "-->", () => "");
    else if (match[2]?.toLowerCase() === "ac:task-status" && match[1] !== "/" && !match[3]?.endsWith("/")) {
      position = copyUntil(scan, storage, position, "</ac:task-status>", (status) =>
        status.trim() === "complete" ? "[x] " : "[ ] ",
      );
    } else readElement(scan, match[0], match[1] === "/", match[2] ?? "", match[3] ?? "");
    token.lastIndex = position;
  }
  write(scan, storage.slice(position));
  scan.dropping = 0;
  for (const html of scan.open.reverse()) write(scan, `</${html}>`);
  return (
    `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
    `<body>${scan.output.join("")}</body></html>`
  );
}

function write(scan: Scan, text: string): void {
  if (scan.dropping === 0 && text !== "") scan.output.push(text);
}

/** Writes what runs from `from` to `close` (or the end) as `render` makes it; returns where the scan goes on. */
function copyUntil(
  scan: Scan,
  storage: string,
  from: number,
  close: string,
  render: (inside: string) => string,
): number {
  const end = storage.indexOf(close, from);
  write(scan, render(storage.slice(from, end === -1 ? storage.length : end)));
  return end === -1 ? storage.length : end + close.length;
}

/** One tag: dropped, renamed, kept (plain HTML), or read for a link's text. */
function readElement(scan: Scan, tag: string, closing: boolean, tagName: string, attributes: string): void {
  const name = tagName.toLowerCase();
  const selfClosing = attributes.trimEnd().endsWith("/");
  if (name === "ac:structured-macro" && !selfClosing) {
    if (closing) scan.macros.pop();
    else scan.macros.push(attributeValue(attributes, "ac:name"));
  }
  if (name === "ac:parameter" && !selfClosing && scan.dropping === 0) {
    if (closing && scan.inShownParameter) {
      scan.inShownParameter = false;
      write(scan, " ");
      return;
    }
    if (!closing && isShownParameter(scan.macros.at(-1) ?? "", attributeValue(attributes, "ac:name"))) {
      scan.inShownParameter = true;
      return;
    }
  }
  if (dropped.has(name)) {
    if (!selfClosing) scan.dropping = Math.max(0, scan.dropping + (closing ? -1 : 1));
    return;
  }
  if (scan.dropping > 0) return;
  if (name === "ac:link") {
    if (!closing && !selfClosing) scan.link = { target: "", hasText: false };
    else if (closing && scan.link !== null) {
      if (!scan.link.hasText) write(scan, scan.link.target);
      scan.link = null;
    }
    return;
  }
  if (scan.link !== null) {
    if (name === "ac:link-body" || name === "ac:plain-text-link-body") scan.link.hasText = true;
    else if (name.startsWith("ri:") && scan.link.target === "") scan.link.target = linkTarget(attributes);
    return;
  }
  const html = renamed.get(name);
  if (html !== undefined && !selfClosing) {
    write(scan, closing ? `</${html}>` : `<${html}>`);
    if (!closing) scan.open.push(html);
    else if (scan.open.at(-1) === html) scan.open.pop();
  } else if (!name.startsWith("ac:") && !name.startsWith("ri:")) write(scan, tag);
}

/**
 * Macro parameters people see on the page: a panel's, an expand's or a code block's title, a status lozenge's text,
 * a Jira issue's key. The others (language, colour, icons, layout) are settings.
 */
function isShownParameter(macro: string, parameter: string): boolean {
  return parameter === "title" || (macro === "jira" && parameter === "key");
}

function attributeValue(attributes: string, name: string): string {
  return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(attributes)?.[1] ?? "";
}

/** The title of the page, file or space a link's ri: element points to (already escaped, as in the source). */
function linkTarget(attributes: string): string {
  const match = /\bri:(?:content-title|filename|space-key)\s*=\s*"([^"]*)"/.exec(attributes);
  return match?.[1] ?? "";
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
