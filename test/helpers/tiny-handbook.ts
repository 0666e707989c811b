/** Four small documents in three scopes (public, hr, engineering), for ingest and index store tests. */
export const tinyHandbook = {
  "welcome.md": "---\ntitle: Welcome\n---\n# Welcome\n\nWelcome to Acme. The office opens at 9am.\n",
  "public/holidays.md": "# Holidays\n\n## Winter\n\nThe office closes between Christmas and New Year.\n",
  "hr/leave.md":
    "# Leave\n\n## Parental leave\n\nParents get sixteen weeks of paid parental leave.\n\n## Sick leave\n\nTell your manager before ten o'clock when you are sick.\n",
  "engineering/on-call.txt":
    "On-call rotation\n\nThe pager rotates every Monday at noon between the platform engineers.\n",
};
