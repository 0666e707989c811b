/**
 * The engineering "Database Failover Runbook" of the sample company, as Word paragraphs with Heading 1-3 styles.
 */
import type { DocxBlock } from "../docx-writer.js";

export const databaseFailoverRunbookPath = "engineering/database-failover-runbook.docx";

export const databaseFailoverRunbookBlocks: DocxBlock[] = [
  { heading: 1, text: "Database Failover Runbook" },
  {
    text:
      "This runbook explains how to move Paddock's PostgreSQL primary to its synchronous replica when the " +
      "primary fails. It applies to both production regions, eu-west-1 and ca-central-1. Owner: the Platform " +
      "squad. Read it once before your first on-call week, not for the first time during an outage.",
  },
  { heading: 2, text: "When to use this runbook" },
  {
    text:
      "Use it when the Lookout alert postgres-primary-down fires, or when the primary has been unreachable " +
      "for more than 2 minutes. Do not use it for slow queries, high CPU or a full disk on a replica: those " +
      "have their own runbooks, and a failover makes them worse.",
  },
  { heading: 2, text: "Targets" },
  {
    text: "Recovery time objective: Paddock accepts writes again within 15 minutes of the decision to fail over.",
  },
  {
    text:
      "Recovery point objective: no committed transaction is lost when we promote the synchronous replica. " +
      "Promoting the asynchronous reporting replica instead can lose up to 60 seconds of writes, so it needs " +
      "the approval of the CTO or, if he is unreachable, the VP of Engineering.",
  },
  { heading: 2, text: "Database names" },
  {
    text:
      "EU region: primary pg-eu-main, synchronous replica pg-eu-sync, reporting replica pg-eu-reporting. " +
      "Canadian region: primary pg-ca-main, synchronous replica pg-ca-sync, reporting replica pg-ca-reporting.",
  },
  { heading: 2, text: "Procedure" },
  { heading: 3, text: "1. Declare the incident" },
  {
    text:
      "Declare a SEV1 in Nightjar before touching anything. The incident commander approves the failover in " +
      "the incident channel; write the approval down so the timeline is clear later.",
  },
  { heading: 3, text: "2. Confirm the primary is really down" },
  {
    text:
      "Run shipwright db status --region eu-west-1 (or ca-central-1). If the primary answers from the " +
      "Shipwright host but not from paddock-api, the problem is the network, not the database: stop here " +
      "and page the secondary.",
  },
  { heading: 3, text: "3. Pause deploys" },
  {
    text: 'Run shipwright pause --all --reason "database failover" so that no migration starts halfway through.',
  },
  { heading: 3, text: "4. Promote the synchronous replica" },
  {
    text:
      "Run shipwright db failover --region eu-west-1 --to sync-replica --confirm. Shipwright fences the old " +
      "primary so it cannot accept writes if it comes back, promotes the replica and points paddock-api, " +
      "ledger and reminder-worker at it. This step usually takes 2 to 4 minutes.",
  },
  { heading: 3, text: "5. Check that Paddock works" },
  {
    text:
      "Confirm that the paddock-api health checks are green in Lookout, that a test appointment can be booked " +
      "in the Quokka Vets demo clinic, and that the task queue is draining. Ask the communications lead to " +
      "update the status page.",
  },
  { heading: 3, text: "6. Rebuild redundancy" },
  {
    text:
      "Run shipwright db rebuild-replica --region eu-west-1 to create a new synchronous replica. It takes " +
      "about 40 minutes in the EU region and about 25 minutes in the Canadian region. Until it finishes, a " +
      "second failure cannot be handled without data loss, so keep the incident open.",
  },
  { heading: 3, text: "7. Resume deploys" },
  { text: "Run shipwright resume --all once the new replica is in sync, then resolve the incident." },
  { heading: 2, text: "Never do this" },
  {
    text:
      "Never restart the old primary by hand after a failover: if it comes back before it is fenced, two " +
      "databases accept writes and clinics see different records. Never fail over both regions at once; " +
      "they are independent, and a problem in one is not a reason to touch the other.",
  },
  { heading: 2, text: "Drills" },
  {
    text:
      "The Platform squad rehearses this runbook every quarter in staging. The last drill, on 11 March 2026, " +
      "took 9 minutes and 40 seconds from decision to accepting writes. The next drill is planned for " +
      "10 June 2026. Every drill ends with a short note in #platform listing what was slow or unclear, and " +
      "this runbook is updated the same week.",
  },
];
