import type { PageObjectResponse, RichTextItemResponse } from "@notionhq/client";
import { plainText, richTextToMarkdown } from "./rich-text.js";

type PropertyValue = PageObjectResponse["properties"][string];

/** A page's title: its title property's text ("Untitled", as Notion shows it, when empty). */
export function pageTitle(page: Pick<PageObjectResponse, "properties">): string {
  const properties = Object.values(page.properties ?? {});
  const title = properties.find((property) => property?.type === "title");
  const text = title?.type === "title" ? plainText(title.title).trim() : "";
  return text === "" ? "Untitled" : text;
}

/**
 * A database entry's properties (other than its title) as a Markdown list, "- **Status:** Done": what people ask
 * about an entry is often in them. Values that are not text people read (relations, rollups, who edited it when)
 * are left out; a page outside a database has only its title, so nothing.
 */
export function propertiesToMarkdown(page: Pick<PageObjectResponse, "properties">): string {
  const lines: string[] = [];
  for (const [name, property] of Object.entries(page.properties ?? {})) {
    if (property?.type === "title") continue;
    const value = propertyText(property).trim();
    if (value !== "") lines.push(`- **${name}:** ${value.replace(/\s+/g, " ")}`);
  }
  return lines.join("\n");
}

/** A property's value as text people read ("" for what is not: relations, rollups, edit times). */
export function propertyText(property: PropertyValue | undefined): string {
  switch (property?.type) {
    case "rich_text":
      return richTextToMarkdown(property.rich_text);
    case "number":
      return property.number === null ? "" : String(property.number);
    case "select":
      return property.select?.name ?? "";
    case "status":
      return property.status?.name ?? "";
    case "multi_select":
      return property.multi_select.map((option) => option.name).join(", ");
    case "date":
      return property.date === null
        ? ""
        : [property.date.start, property.date.end].filter(Boolean).join(" to ");
    case "checkbox":
      return property.checkbox ? "yes" : "no";
    case "url":
      return property.url ?? "";
    case "email":
      return property.email ?? "";
    case "phone_number":
      return property.phone_number ?? "";
    case "people":
      return property.people
        .map((person) => ("name" in person && person.name) || "")
        .filter(Boolean)
        .join(", ");
    case "unique_id":
      return property.unique_id.number === null
        ? ""
        : `${property.unique_id.prefix ? `${property.unique_id.prefix}-` : ""}${property.unique_id.number}`;
    case "formula":
      return formulaText(property.formula);
    case "files":
      return property.files.map((file) => file.name).join(", ");
    default:
      return "";
  }
}

function formulaText(formula: Extract<PropertyValue, { type: "formula" }>["formula"]): string {
  switch (formula.type) {
    case "string":
      return formula.string ?? "";
    case "number":
      return formula.number === null ? "" : String(formula.number);
    case "boolean":
      return formula.boolean === null ? "" : formula.boolean ? "yes" : "no";
    case "date":
      return formula.date?.start ?? "";
    default:
      return "";
  }
}

/** A data source's (a database's) title or description. */
export function textOf(items: readonly RichTextItemResponse[] | undefined): string {
  return plainText(items).trim();
}
