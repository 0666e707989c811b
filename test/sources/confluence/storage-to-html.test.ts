import { describe, expect, it } from "vitest";
import { loadHtml } from "../../../ingest/loaders/html-loader.js";
import { storageToHtml } from "../../../src/sources/confluence/storage-to-html.js";

/** What the HTML loader reads of a storage-format body, as the ingest will. */
function read(storage: string, title = "A page") {
  return loadHtml("wiki/1", Buffer.from(storageToHtml(storage, title), "utf8"));
}

describe("Confluence storage format, read by the HTML loader", () => {
  it("keeps headings, lists and tables, and the page's title", () => {
    const loaded = read(
      "<h1>Leave</h1><p>Paid leave is <strong>25&nbsp;days</strong>.</p><ol><li>Ask</li><li>Record</li></ol>" +
        "<h2>Carry-over</h2><table><tbody><tr><th>Days</th><th>Until</th></tr><tr><td>5</td><td>March</td></tr></tbody></table>",
      "Leave & holidays",
    );
    expect(loaded.title).toBe("Leave & holidays");
    expect(loaded.sections).toEqual([
      { text: "Paid leave is 25 days.\n\n1. Ask\n2. Record", headingPath: ["Leave"], page: null },
      { text: "Days | Until\n5 | March", headingPath: ["Leave", "Carry-over"], page: null },
    ]);
  });

  it("keeps a code macro's text as a code block, tags and all, and its title but not its settings", () => {
    const loaded = read(
      '<p>Run:</p><ac:structured-macro ac:name="code" ac:schema-version="1">' +
        '<ac:parameter ac:name="language">bash</ac:parameter><ac:parameter ac:name="title">deploy</ac:parameter>' +
        '<ac:plain-text-body><![CDATA[if [ "$n" -lt 3 ]; then\n  echo "<b>" && ./deploy.sh <tag>\nfi]]></ac:plain-text-body>' +
        "</ac:structured-macro><p>Then check the dashboard.</p>",
    );
    expect(loaded.sections[0]?.text).toBe(
      'Run:\n\ndeploy\n\n```\nif [ "$n" -lt 3 ]; then\n  echo "<b>" && ./deploy.sh <tag>\nfi\n```\n\nThen check the dashboard.',
    );
  });

  it("reads panels, tasks, links, status lozenges and layouts as text, and nothing of macros' settings", () => {
    const loaded = read(
      '<ac:layout><ac:layout-section ac:type="two_equal"><ac:layout-cell>' +
        '<ac:structured-macro ac:name="info"><ac:parameter ac:name="icon">true</ac:parameter>' +
        '<ac:parameter ac:name="title">Before you start</ac:parameter>' +
        "<ac:rich-text-body><p>Ask in #ops first.</p></ac:rich-text-body></ac:structured-macro>" +
        "</ac:layout-cell><ac:layout-cell>" +
        "<ac:task-list><ac:task><ac:task-id>7</ac:task-id><ac:task-status>complete</ac:task-status>" +
        "<ac:task-body>Book the room</ac:task-body></ac:task><ac:task><ac:task-id>8</ac:task-id>" +
        "<ac:task-status>incomplete</ac:task-status><ac:task-body>Send the invite</ac:task-body></ac:task></ac:task-list>" +
        "</ac:layout-cell></ac:layout-section></ac:layout>" +
        '<p>See <ac:link><ri:page ri:content-title="Leave &amp; holidays" /></ac:link> and ' +
        '<ac:link><ri:page ri:content-title="Rota 2026" /><ac:plain-text-link-body><![CDATA[the rota]]>' +
        '</ac:plain-text-link-body></ac:link>.<ac:emoticon ac:name="smile" /></p><!-- a comment -->' +
        '<p>Status: <ac:structured-macro ac:name="status"><ac:parameter ac:name="colour">Green</ac:parameter>' +
        '<ac:parameter ac:name="title">Approved</ac:parameter></ac:structured-macro> in ' +
        '<ac:structured-macro ac:name="jira"><ac:parameter ac:name="server">System JIRA</ac:parameter>' +
        '<ac:parameter ac:name="key">HR-42</ac:parameter></ac:structured-macro></p>',
    );
    expect(loaded.sections[0]?.text).toBe(
      "Before you start\n\nAsk in #ops first.\n\n- [x] Book the room\n- [ ] Send the invite\n\n" +
        "See Leave & holidays and the rota.\n\nStatus: Approved in HR-42",
    );
  });

  it("reads a body cut short without losing what came before", () => {
    const loaded = read(
      '<p>Start.</p><ac:structured-macro ac:name="code"><ac:plain-text-body><![CDATA[echo 1',
    );
    expect(loaded.sections[0]?.text).toBe("Start.\n\n```\necho 1\n```");
  });
});
