import type { BlockObjectResponse, Client } from "@notionhq/client";
import { DocentError } from "../../errors.js";

/** A block with the blocks nested in it (a list item's sub-items, a toggle's content, a table's rows). */
export interface BlockNode {
  block: BlockObjectResponse;
  children: BlockNode[];
}

/** Blocks whose children are other documents (a sub-page, a database): listed on their own, never read into this one. */
const elsewhere = new Set(["child_page", "child_database"]);

/** Deeper than this is not a page people write: a guard against a cycle of synced blocks. */
const deepestNesting = 30;

/**
 * The blocks of a page (or of a block), each with its children, read with blocks.children.list page by page
 * (start_cursor, has_more, next_cursor) and recursively wherever a block has_children; in the order Notion shows
 * them. Sub-pages and databases are left for their own documents.
 */
export async function readBlocks(client: Client, parentId: string, depth = 0): Promise<BlockNode[]> {
  const nodes: BlockNode[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.blocks.children.list({
      block_id: parentId,
      page_size: 100,
      ...(cursor === undefined ? {} : { start_cursor: cursor }),
    });
    if (!Array.isArray(page.results)) throw notAList(parentId);
    for (const block of page.results) {
      if (!("type" in block) || block.in_trash || block.archived) continue;
      const nested = block.has_children && !elsewhere.has(block.type) && depth < deepestNesting;
      nodes.push({ block, children: nested ? await readBlocks(client, block.id, depth + 1) : [] });
    }
    cursor = page.has_more && typeof page.next_cursor === "string" ? page.next_cursor : undefined;
  } while (cursor !== undefined);
  return nodes;
}

function notAList(parentId: string): DocentError {
  return new DocentError(
    "SOURCE_UNAVAILABLE",
    `Notion's reply for the blocks of ${parentId} holds no list of blocks (results)`,
  );
}
