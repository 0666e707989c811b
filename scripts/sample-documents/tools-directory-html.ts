/**
 * The public "Tools Directory" page of the sample company, as a web page exported from an intranet: navigation,
 * an inline script and a stylesheet that a loader must ignore, and a few HTML entities.
 */

export const toolsDirectoryPath = "public/tools-directory.html";

export const toolsDirectoryHtml = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Tools Directory &mdash; Quokkaline Handbook</title>
<style>
  body { font-family: "Inter", sans-serif; margin: 0; color: #1d2b24; }
  nav { background: #2f5d4a; padding: 0.75rem 1.5rem; }
  nav a { color: #ffffff; margin-right: 1rem; }
  .stylesheet-marker::after { content: "STYLE-SHOULD-NOT-BE-INDEXED"; }
  table { border-collapse: collapse; }
  td, th { border: 1px solid #c9d6cf; padding: 0.4rem 0.6rem; }
</style>
<script>
  window.intranetAnalytics = window.intranetAnalytics || [];
  window.intranetAnalytics.push({ event: "page_view", marker: "SCRIPT-SHOULD-NOT-BE-INDEXED" });
</script>
</head>
<body>
<nav aria-label="Handbook">
  <a href="/handbook/">Handbook home</a>
  <a href="/handbook/it-help-and-equipment">IT help</a>
  <a href="/handbook/faq">FAQ</a>
  <a href="/handbook/tools-directory" aria-current="page">Tools directory</a>
</nav>
<main>
<h1>Tools Directory</h1>
<p>Every internal tool at Quokkaline, what it is for, and who looks after it. All of them use single sign-on with your
Quokkaline account and a security key. Accounts are created automatically on the morning of your first day; if a
tool is still missing after 24 hours, open a ticket in Hatch.</p>

<h2>People &amp; money</h2>

<h3>Burrow</h3>
<p>The HR system, at burrow.quokkaline.example. Use it for payslips, leave requests, your personal and bank details,
performance reviews and benefits enrolment. Owned by the People team.</p>

<h3>Ledgerline</h3>
<p>Expense claims, trip requests and company card reconciliation, at ledgerline.quokkaline.example. The Ledgerline
mobile app can photograph receipts and read the amount for you. Owned by Finance.</p>

<h2>Offices &amp; IT</h2>

<h3>Hatch</h3>
<p>The IT service desk, at hatch.quokkaline.example. Every ticket gets a priority, and the IT team answers within
these times during support hours:</p>
<table>
  <thead><tr><th>Priority</th><th>Meaning</th><th>First response</th></tr></thead>
  <tbody>
    <tr><td>P1</td><td>You cannot work at all</td><td>30 minutes</td></tr>
    <tr><td>P2</td><td>Something important is broken, but you can keep working</td><td>4 working hours</td></tr>
    <tr><td>P3</td><td>Requests for software, access or equipment</td><td>2 working days</td></tr>
  </tbody>
</table>

<h3>Roost</h3>
<p>Booking meeting rooms, desks, guest visits, parking in Halifax and office-dog visits, at roost.quokkaline.example.
Owned by the office managers in Porto and Halifax.</p>

<h3>Vaultkeep</h3>
<p>The company password manager, at vault.quokkaline.example. Each team has a shared vault named after the team; ask
for a new shared vault in Hatch. Owned by IT.</p>

<h2>Speaking up &amp; staying informed</h2>
<ul>
  <li><strong>Speak Up</strong> &mdash; the anonymous reporting form at speakup.quokkaline.example, run by an
  external provider.</li>
  <li><strong>Paddock status page</strong> &mdash; status.paddock.example shows whether Paddock is working for
  clinics, and is the first place to look when a customer says something is down.</li>
  <li><strong>Handbook</strong> &mdash; this site. Each page names its owner at the bottom.</li>
</ul>

<h2>Suggesting a tool</h2>
<p>Before buying a new tool for your team, check this list: we would rather have one good tool than three similar
ones. Suggestions go to it@quokkaline.example with the name of the tool, the problem it solves, and the price.</p>
</main>
<footer>
  <p class="stylesheet-marker">&copy; 2026 Quokkaline Software. Directory maintained by the IT team.</p>
</footer>
</body>
</html>
`;
