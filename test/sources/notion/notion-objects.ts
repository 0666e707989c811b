/**
 * Notion API objects as the API sends them (version 2025-09-03: pages, data sources, blocks, rich text), built
 * for the loopback Notion in fake-notion.ts. Shapes follow developers.notion.com's reference.
 */

const user = { object: "user", id: "9a3b5ad6-7c3e-4b1e-9b55-3f4d29a1c001" };

export function richText(
  content: string,
  annotations: Partial<Annotations> = {},
  href: string | null = null,
) {
  return {
    type: "text",
    text: { content, link: href === null ? null : { url: href } },
    annotations: { ...plainAnnotations, ...annotations },
    plain_text: content,
    href,
  };
}

interface Annotations {
  bold: boolean;
  italic: boolean;
  strikethrough: boolean;
  underline: boolean;
  code: boolean;
  color: string;
}

const plainAnnotations: Annotations = {
  bold: false,
  italic: false,
  strikethrough: false,
  underline: false,
  code: false,
  color: "default",
};

export interface PageSpec {
  id: string;
  title: string;
  lastEdited: string;
  /** A database entry: the data source (and its database) it belongs to. */
  dataSource?: { id: string; databaseId: string };
  /** A database entry's other properties, as the API sends them. */
  properties?: Record<string, unknown>;
  inTrash?: boolean;
}

export function pageObject(spec: PageSpec) {
  const titleKey = spec.dataSource === undefined ? "title" : "Name";
  return {
    object: "page",
    id: spec.id,
    created_time: "2026-01-05T09:00:00.000Z",
    last_edited_time: spec.lastEdited,
    created_by: user,
    last_edited_by: user,
    cover: null,
    icon: null,
    parent:
      spec.dataSource === undefined
        ? { type: "workspace", workspace: true }
        : {
            type: "data_source_id",
            data_source_id: spec.dataSource.id,
            database_id: spec.dataSource.databaseId,
          },
    archived: spec.inTrash === true,
    in_trash: spec.inTrash === true,
    is_locked: false,
    properties: {
      ...spec.properties,
      [titleKey]: { id: "title", type: "title", title: [richText(spec.title)] },
    },
    url: `https://www.notion.so/${spec.title.replace(/\W+/g, "-")}-${spec.id.replace(/-/g, "")}`,
    public_url: null,
  };
}

export function dataSourceObject(spec: {
  id: string;
  databaseId: string;
  title: string;
  lastEdited: string;
}) {
  return {
    object: "data_source",
    id: spec.id,
    title: [richText(spec.title)],
    description: [],
    parent: { type: "database_id", database_id: spec.databaseId },
    database_parent: { type: "workspace", workspace: true },
    is_inline: false,
    archived: false,
    in_trash: false,
    created_time: "2026-01-05T09:00:00.000Z",
    last_edited_time: spec.lastEdited,
    created_by: user,
    last_edited_by: user,
    properties: {
      Name: { id: "title", name: "Name", type: "title", title: {} },
      Status: { id: "st", name: "Status", type: "status", status: { options: [], groups: [] } },
    },
    icon: null,
    cover: null,
    url: `https://www.notion.so/${spec.databaseId.replace(/-/g, "")}`,
    public_url: null,
  };
}

/** A block as a test writes it: its type, what the API puts under that type, and its nested blocks. */
export interface BlockSpec {
  type: string;
  content: Record<string, unknown>;
  children?: BlockSpec[];
}

export function block(type: string, content: Record<string, unknown>, children?: BlockSpec[]): BlockSpec {
  return children === undefined ? { type, content } : { type, content, children };
}

/** A text block (paragraph, heading, list item, quote, toggle) of plain words or rich text items. */
export function text(type: string, words: string | unknown[], children?: BlockSpec[]): BlockSpec {
  const rich_text = typeof words === "string" ? [richText(words)] : words;
  return block(type, { rich_text, color: "default" }, children);
}

export function blockObject(spec: BlockSpec, id: string, parent: { type: string; id: string }) {
  return {
    object: "block",
    id,
    parent:
      parent.type === "page"
        ? { type: "page_id", page_id: parent.id }
        : { type: "block_id", block_id: parent.id },
    created_time: "2026-01-05T09:00:00.000Z",
    last_edited_time: "2026-01-05T09:00:00.000Z",
    created_by: user,
    last_edited_by: user,
    has_children: (spec.children?.length ?? 0) > 0,
    archived: false,
    in_trash: false,
    type: spec.type,
    [spec.type]: spec.content,
  };
}

export function notionError(status: number, code: string, message: string) {
  return { object: "error", status, code, message, request_id: "5f0e9b1c-3a2d-4c8e-9f7a-1b2c3d4e5f60" };
}
