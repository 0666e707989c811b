import { describe, expect, it } from "vitest";
import { asUtf8 } from "../../../src/sources/web/page-charset.js";
import { outlinePage } from "../../../src/sources/web/page-links.js";

const outline = (html: string, address = "https://intranet.example/handbook/leave/") =>
  outlinePage(Buffer.from(html), new URL(address));

describe("what the crawl reads from a page", () => {
  it("finds the title and every link a browser would, however badly the page is nested", () => {
    const page = outline(
      "<title>Leave &amp; holidays <b>2026</b></title><a href=\"parental\"><a href='../expenses?lang=en&amp;x=1'>" +
        "<div><table><td><AREA HREF=/handbook/map><a href=sabbatical#top>",
    );
    expect(page).toEqual({
      title: "Leave & holidays <b>2026</b>",
      links: [
        "https://intranet.example/handbook/leave/parental",
        "https://intranet.example/handbook/expenses?lang=en&x=1",
        "https://intranet.example/handbook/map",
        "https://intranet.example/handbook/leave/sabbatical#top",
      ],
    });
  });

  it("ignores links in comments, scripts and styles, and those a page asks crawlers not to follow", () => {
    const page = outline(
      '<script>document.write("<a href=from-script>")</script><style>a[href="x"]{}</style>' +
        '<!-- <a href="commented"> --><a rel="nofollow" href="login"><a href="kept"><base href="/other/">' +
        '<a href="after-base"><script>never closed <a href="lost">',
    );
    expect(page.links).toEqual([
      "https://intranet.example/other/kept",
      "https://intranet.example/other/after-base",
    ]);
    expect(outline('<meta name="ROBOTS" content="noindex, nofollow"><a href="x">').links).toEqual([]);
    expect(outline("<p>no title <a href>empty</a> <a href='javascript:void(0)'>js</a>").links).toEqual([
      "javascript:void(0)",
    ]);
  });
});

describe("the encoding of a page", () => {
  it("hands the loaders UTF-8 whatever charset the server or the page names", () => {
    const latin1 = Buffer.from("<title>Caf\xe9 menu</title><p>Cr\xe8me br\xfbl\xe9e</p>", "latin1");
    expect(asUtf8(latin1, "text/html; charset=ISO-8859-1").toString("utf8")).toBe(
      "<title>Café menu</title><p>Crème brûlée</p>",
    );
    const withMeta = Buffer.concat([
      Buffer.from('<meta charset="windows-1252">'),
      Buffer.from([0x63, 0x61, 0x66, 0xe9]),
    ]);
    expect(asUtf8(withMeta, "text/html").toString("utf8")).toBe('<meta charset="windows-1252">café');
    const utf8 = Buffer.from("<title>Café</title>");
    expect(asUtf8(utf8, "text/html; charset=utf-8")).toBe(utf8);
    expect(asUtf8(utf8, "text/html; charset=no-such-encoding")).toBe(utf8);
  });
});
