/**
 * Drive's partial responses: the `fields` parameter ("nextPageToken,files(id,name)") picks what a reply holds; a
 * call without it gets the documented defaults. A small parser of that syntax for the fake Drive server.
 */
export type FieldTree = Map<string, FieldTree | true>;

export function parseFields(text: string): FieldTree {
  const [tree] = parseList(text.replace(/\s+/g, ""), 0);
  return tree;
}

function parseList(text: string, start: number): [FieldTree, number] {
  const tree: FieldTree = new Map();
  let index = start;
  let name = "";
  const flush = (value: FieldTree | true) => {
    if (name !== "") tree.set(name, value);
    name = "";
  };
  while (index < text.length) {
    const char = text[index] as string;
    if (char === "(") {
      const [inner, end] = parseList(text, index + 1);
      flush(inner);
      index = end;
    } else if (char === ")") {
      flush(true);
      return [tree, index];
    } else if (char === ",") flush(true);
    else name += char;
    index += 1;
  }
  flush(true);
  return [tree, index];
}

/** The parts of a resource that `fields` asks for. */
export function pick(value: unknown, fields: FieldTree | true): unknown {
  if (fields === true || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => pick(item, fields));
  const picked: Record<string, unknown> = {};
  for (const [name, inner] of fields) {
    const part = (value as Record<string, unknown>)[name];
    if (part !== undefined) picked[name] = pick(part, inner);
  }
  return picked;
}
