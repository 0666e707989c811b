/**
 * A minimal, deterministic .docx writer for sample documents and tests: one paragraph per block, with Word's
 * built-in Heading 1-3 paragraph styles so that mammoth turns them into h1-h3.
 */
import JSZip from "jszip";

export interface DocxBlock {
  heading?: 1 | 2 | 3;
  text: string;
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
</Types>`;

const packageRelationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

const documentRelationships = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>`;

const wordNamespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

function describeHeadingStyle(level: 1 | 2 | 3): string {
  return (
    `<w:style w:type="paragraph" w:styleId="Heading${level}"><w:name w:val="heading ${level}"/>` +
    `<w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/>` +
    `<w:pPr><w:keepNext/><w:outlineLvl w:val="${level - 1}"/></w:pPr></w:style>`
  );
}

const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="${wordNamespace}">
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
${describeHeadingStyle(1)}
${describeHeadingStyle(2)}
${describeHeadingStyle(3)}
</w:styles>`;

function escapeXml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => {
    if (character === "&") return "&amp;";
    if (character === "<") return "&lt;";
    if (character === ">") return "&gt;";
    return "&quot;";
  });
}

function buildParagraph(block: DocxBlock): string {
  const properties =
    block.heading === undefined ? "" : `<w:pPr><w:pStyle w:val="Heading${block.heading}"/></w:pPr>`;
  return `<w:p>${properties}<w:r><w:t xml:space="preserve">${escapeXml(block.text)}</w:t></w:r></w:p>`;
}

/** A fixed timestamp keeps the archive byte-for-byte reproducible. */
const fixedDate = new Date(Date.UTC(2024, 0, 1));

export async function writeDocx(blocks: DocxBlock[]): Promise<Buffer> {
  const body = blocks.map(buildParagraph).join("\n");
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="${wordNamespace}"><w:body>
${body}
</w:body></w:document>`;
  const zip = new JSZip();
  // No implicit folder entries: jszip would stamp them with the current time, and the output must be byte-stable.
  const fileOptions = { date: fixedDate, createFolders: false };
  zip.file("[Content_Types].xml", contentTypes, fileOptions);
  zip.file("_rels/.rels", packageRelationships, fileOptions);
  zip.file("word/document.xml", document, fileOptions);
  zip.file("word/styles.xml", styles, fileOptions);
  zip.file("word/_rels/document.xml.rels", documentRelationships, fileOptions);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}
