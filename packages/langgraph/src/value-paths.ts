/**
 * The texts at a LangGraph index path, with the path syntax InMemoryStore indexes by (its richer extractor is not
 * exported; `getTextAtPath` from the package index only follows plain fields): `$` is the whole value, `a.b` nested
 * fields, `[2]` / `[-1]` / `[*]` array items, `*` every field or item, `{a,b.c}` several fields. Strings, numbers and
 * booleans give their text; objects and arrays their pretty JSON.
 */
export function textsAtPath(value: unknown, path: string): string[] {
  if (path === "" || path === "$") return [JSON.stringify(value, null, 2)];
  return extract(value, tokenize(path), 0);
}

function tokenize(path: string): string[] {
  const tokens: string[] = [];
  let current = "";
  for (let index = 0; index < path.length; index += 1) {
    const char = path[index]!;
    if (char === "[" || char === "{") {
      if (current !== "") tokens.push(current);
      current = "";
      const close = path.indexOf(char === "[" ? "]" : "}", index);
      const end = close === -1 ? path.length : close + 1;
      tokens.push(path.slice(index, end));
      index = end - 1;
    } else if (char === ".") {
      if (current !== "") tokens.push(current);
      current = "";
    } else current += char;
  }
  if (current !== "") tokens.push(current);
  return tokens;
}

function leaf(value: unknown): string[] {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return [String(value)];
  return typeof value === "object" && value !== null ? [JSON.stringify(value, null, 2)] : [];
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

function extract(value: unknown, tokens: readonly string[], position: number): string[] {
  if (position >= tokens.length) return leaf(value);
  const token = tokens[position]!;
  if (position === 0 && token === "$") return [JSON.stringify(value, null, 2)];
  if (token.startsWith("[") && token.endsWith("]")) {
    if (!Array.isArray(value)) return [];
    const index = token.slice(1, -1);
    if (index === "*") return value.flatMap((item) => extract(item, tokens, position + 1));
    const parsed = Number.parseInt(index, 10);
    const at = parsed < 0 ? value.length + parsed : parsed;
    return Number.isNaN(at) || at < 0 || at >= value.length ? [] : extract(value[at], tokens, position + 1);
  }
  if (token.startsWith("{") && token.endsWith("}")) {
    if (!isRecord(value)) return [];
    return token
      .slice(1, -1)
      .split(",")
      .map((field) => field.trim())
      .flatMap((field) => {
        let current: unknown = value;
        for (const key of field.split(".")) current = isRecord(current) && key in current ? current[key] : undefined;
        return current === undefined ? [] : leaf(current);
      });
  }
  if (token === "*") {
    const children = Array.isArray(value) ? value : isRecord(value) ? Object.values(value) : [];
    return children.flatMap((child) => extract(child, tokens, position + 1));
  }
  return isRecord(value) && token in value ? extract(value[token], tokens, position + 1) : [];
}
