import { describe, expect, it } from "vitest";
import { loadDocument } from "../../ingest/load-document.js";
import { FileWithoutContent } from "../../ingest/loaders/reject-file.js";
import { writeDocx } from "../../scripts/docx-writer.js";
import { writePdf } from "../../scripts/pdf-writer.js";
import { documentExtensions as supportedExtensions } from "../../src/sources/media-types.js";

const bytesOf = (text: string): Buffer => Buffer.from(text, "utf8");

async function expectRejected(load: Promise<unknown>, reason: string | RegExp): Promise<void> {
  const error = await load.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toMatchObject({ name: "DocentError", code: "FILE_REJECTED" });
  expect((error as Error).message).toMatch(
    typeof reason === "string" ? new RegExp(`^${escapeRegExp(reason)}$`) : reason,
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

describe("loadDocument dispatch", () => {
  it("supports exactly the documented extensions, case-insensitively", async () => {
    expect([...supportedExtensions].sort()).toEqual([
      ".docx",
      ".htm",
      ".html",
      ".markdown",
      ".md",
      ".pdf",
      ".txt",
    ]);
    const document = await loadDocument("hr/README.MD", bytesOf("# Read me\n\nHello."));
    expect(document.sections).toEqual([{ text: "Hello.", headingPath: ["Read me"], page: null }]);
  });

  it("chooses the loader by the media type a source gives, whatever the name says", async () => {
    const html = bytesOf(
      "<html><head><title>Leave</title></head><body><h1>Leave</h1><p>25 days.</p></body></html>",
    );
    const page = await loadDocument("wiki/12345", html, undefined, "text/html; charset=utf-8");
    expect(page.title).toBe("Leave");
    expect(page.sections[0]?.text).toContain("25 days.");
    const markdown = await loadDocument(
      "notes.txt",
      bytesOf("# Heading\n\nText."),
      undefined,
      "text/markdown",
    );
    expect(markdown.sections).toEqual([{ text: "Text.", headingPath: ["Heading"], page: null }]);
    await expectRejected(
      loadDocument("a/b", bytesOf("x"), undefined, "image/png"),
      'unsupported file type "image/png"',
    );
  });

  it("rejects unsupported, empty, whitespace-only, binary and non-UTF-8 files with their reasons", async () => {
    await expectRejected(loadDocument("a/image.png", bytesOf("x")), 'unsupported file type ".png"');
    await expectRejected(loadDocument("a/empty.md", Buffer.alloc(0)), "the document is empty (no text)");
    await expectRejected(loadDocument("a/blank.txt", bytesOf(" \n\t\n ")), "the document is empty (no text)");
    // Front matter and nothing else (a redirect stub) is no failure: the file is skipped for having no content.
    const stub = await loadDocument("a/only-front-matter.md", bytesOf("---\ntitle: X\n---\n")).catch(
      (error: unknown) => error,
    );
    expect(stub).toBeInstanceOf(FileWithoutContent);
    const binary = Buffer.concat([bytesOf("# Looks like Markdown\n"), Buffer.from([0x00, 0x01, 0x02])]);
    await expectRejected(loadDocument("a/binary.md", binary), "binary content in a text file");
    const latin1 = Buffer.from("Caf\xe9 menu", "latin1");
    await expectRejected(loadDocument("a/latin1.txt", latin1), "invalid UTF-8 text (save the file as UTF-8)");
  });
});

describe("Markdown loader", () => {
  const markdown = [
    "\ufeff---  ",
    'title: "Leave: the policy"',
    "owner: hr",
    "---",
    "Read this first.",
    "",
    "# Leave",
    "Everyone gets leave.",
    "",
    "```sh",
    "# not a heading",
    "```",
    "",
    "## Sick leave ##",
    "Ten days a year.",
    "",
    "### [Notes](https://example.com) `v2`",
    "Tell your manager.",
    "",
    "Parental leave",
    "--------------",
    "Twelve weeks.",
    "",
    "# Holidays",
    "Eleven days.",
  ].join("\r\n");

  it("reads front matter's title, drops front matter from the text and follows the heading structure", async () => {
    const document = await loadDocument("hr/leave.md", bytesOf(markdown));
    expect(document.title).toBe("Leave: the policy");
    expect(document.sections).toEqual([
      { text: "Read this first.", headingPath: [], page: null },
      { text: "Everyone gets leave.\n\n```sh\n# not a heading\n```", headingPath: ["Leave"], page: null },
      { text: "Ten days a year.", headingPath: ["Leave", "Sick leave"], page: null },
      { text: "Tell your manager.", headingPath: ["Leave", "Sick leave", "Notes v2"], page: null },
      { text: "Twelve weeks.", headingPath: ["Leave", "Parental leave"], page: null },
      { text: "Eleven days.", headingPath: ["Holidays"], page: null },
    ]);
  });

  it("takes the title from the first H1, else from the file name", async () => {
    expect((await loadDocument("a.md", bytesOf("Intro.\n\n## Two\n\n# One\n\nText."))).title).toBe("One");
    expect(
      (await loadDocument("hr/annual-leave_policy.markdown", bytesOf("## Only H2\n\nText."))).title,
    ).toBe("Annual leave policy");
  });
});

describe("text loader", () => {
  it("makes one section and takes a short first line as the title", async () => {
    const document = await loadDocument(
      "it/vpn.txt",
      bytesOf("\n  VPN setup  \nInstall the client.\r\nSign in.\n"),
    );
    expect(document).toEqual({
      title: "VPN setup",
      sections: [{ text: "VPN setup  \nInstall the client.\nSign in.", headingPath: [], page: null }],
    });
  });

  it("falls back to the file name when the first line is a long paragraph", async () => {
    const document = await loadDocument("it/wifi-guide.txt", bytesOf(`${"word ".repeat(30)}\nMore.`));
    expect(document.title).toBe("Wifi guide");
  });
});

describe("HTML loader", () => {
  const page = `<!doctype html><html><head><title>Travel &amp; expenses</title>
<style>p { color: red }</style><script>var secret = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav><header>Company intranet</header>
<h1>Travel</h1><p>Book   through the <b>portal</b>&nbsp;first &mdash; always.<script>track()</script></p>
<noscript>Enable JavaScript</noscript><template><p>hidden</p></template><svg><text>chart</text></svg>
<h2>Per diem</h2><ul><li>Meals: 50&nbsp;&euro;</li><li>Hotel &lt;= 200</li></ul>
<table><tr><th>City</th><th>Rate</th></tr><tr><td>Paris</td><td>200</td></tr></table>
<pre>
if (a &lt; b) {
  book();
}</pre><ol start="3"><li>three</li><li>four</li></ol>
<aside>Related links</aside><footer>&copy; 2024</footer></body></html>`;

  it("keeps the body's main text in sections and drops scripts, styles, navigation and page chrome", async () => {
    const document = await loadDocument("finance/travel.html", bytesOf(page));
    expect(document.title).toBe("Travel & expenses");
    expect(document.sections).toEqual([
      { text: "Book through the portal first \u2014 always.", headingPath: ["Travel"], page: null },
      {
        text: [
          "- Meals: 50 \u20ac\n- Hotel <= 200",
          "City | Rate\nParis | 200",
          "```\nif (a < b) {\n  book();\n}\n```",
          "3. three\n4. four",
        ].join("\n\n"),
        headingPath: ["Travel", "Per diem"],
        page: null,
      },
    ]);
  });

  it("prefers <main> (keeping its own header) and takes the title from the first h1 without <title>", async () => {
    const html = `<body><header>Site</header><main><header><h1>Benefits</h1></header><p>Dental.</p></main>
      <p>Outside main.</p></body>`;
    const document = await loadDocument("hr/benefits.htm", bytesOf(html));
    expect(document).toEqual({
      title: "Benefits",
      sections: [{ text: "Dental.", headingPath: ["Benefits"], page: null }],
    });
  });
});

describe("PDF loader", () => {
  it("makes one section per page with its 1-based page number and the metadata title", async () => {
    const pdf = writePdf({
      title: "S\u00e9curit\u00e9 \u2013 policy",
      pages: [
        ["Passwords (long ones) \\ passphrases.", "Caf\u00e9 \u20ac \u201cquoted\u201d"],
        [],
        ["Third page."],
      ],
    });
    const document = await loadDocument("it/security.pdf", pdf);
    expect(document).toEqual({
      title: "S\u00e9curit\u00e9 \u2013 policy",
      sections: [
        {
          text: "Passwords (long ones) \\ passphrases.\nCaf\u00e9 \u20ac \u201cquoted\u201d",
          headingPath: [],
          page: 1,
        },
        { text: "Third page.", headingPath: [], page: 3 },
      ],
    });
  });

  it("takes the title from the file name when the PDF has none", async () => {
    expect((await loadDocument("it/remote_access.pdf", writePdf({ pages: [["Text."]] }))).title).toBe(
      "Remote access",
    );
  });

  it("rejects password-protected, truncated, non-PDF and image-only PDFs with distinct reasons", async () => {
    await expectRejected(
      loadDocument("a/locked.pdf", writePdf({ pages: [["Secret."]], encrypted: true })),
      "the PDF is password-protected",
    );
    const whole = writePdf({ pages: [["Text."]] });
    await expectRejected(
      loadDocument("a/truncated.pdf", whole.subarray(0, 120)),
      /^not a valid PDF file: .+/,
    );
    await expectRejected(
      loadDocument("a/fake.pdf", bytesOf("<html>not a pdf</html>")),
      /^not a valid PDF file: .+/,
    );
    await expectRejected(
      loadDocument("a/scan.pdf", writePdf({ pages: [[], []] })),
      "the PDF has no extractable text in its 2 page(s) (scanned images need OCR first)",
    );
  });
});

describe("docx loader", () => {
  it("turns Word headings into heading paths and takes the first Heading 1 as the title", async () => {
    const docx = await writeDocx([
      { text: "Preface & <scope>." },
      { heading: 1, text: "Onboarding" },
      { text: "Welcome." },
      { heading: 2, text: "First week" },
      { text: "Meet your buddy." },
      { text: "Get a laptop." },
      { heading: 3, text: "Day one" },
      { text: "Badge photo." },
      { heading: 2, text: "First month" },
      { text: "Pick a project." },
    ]);
    const document = await loadDocument("hr/onboarding.docx", docx);
    expect(document).toEqual({
      title: "Onboarding",
      sections: [
        { text: "Preface & <scope>.", headingPath: [], page: null },
        { text: "Welcome.", headingPath: ["Onboarding"], page: null },
        { text: "Meet your buddy.\n\nGet a laptop.", headingPath: ["Onboarding", "First week"], page: null },
        { text: "Badge photo.", headingPath: ["Onboarding", "First week", "Day one"], page: null },
        { text: "Pick a project.", headingPath: ["Onboarding", "First month"], page: null },
      ],
    });
  });

  it("rejects a corrupt .docx with the reason", async () => {
    const docx = await writeDocx([{ text: "Hello." }]);
    await expectRejected(
      loadDocument("a/broken.docx", docx.subarray(0, docx.length / 2)),
      /^not a valid \.docx file: .+/,
    );
    await expectRejected(
      loadDocument("a/text.docx", bytesOf("just text")),
      /^not a valid \.docx file: .*central directory/,
    );
  });
});
