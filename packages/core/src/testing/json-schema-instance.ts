/**
 * JSON values against the strict-mode subset of JSON Schema, as a provider that follows the schema it is sent sees
 * them: what a value violates, and the smallest value a schema allows (`null` wherever it is allowed).
 */
type Node = Readonly<Record<string, unknown>>;

const SAMPLE_STRINGS = ["", "1970-01-01", "1970-01-01T00:00:00Z", "00:00:00", "P1D", "a@example.com", "example.com", "127.0.0.1", "::1", "00000000-0000-4000-8000-000000000000"];
const FORMAT_CHECKS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  "date-time": /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/,
  time: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
};

function resolve(root: Node, node: Node): Node {
  if (typeof node.$ref !== "string") return node;
  if (node.$ref === "#") return root;
  return ((root.$defs as Record<string, Node> | undefined) ?? {})[node.$ref.replace("#/$defs/", "")] ?? {};
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

/** Where `value` breaks `schema`, each as `path: problem`; empty when it follows the schema. */
export function schemaViolations(schema: Node, value: unknown): string[] {
  return violations(schema, schema, value, "");
}

/** `value` against `start`, a sub-schema of `schema` (where its references resolve). */
function violations(schema: Node, start: Node, value: unknown, from: string): string[] {
  const problems: string[] = [];
  const check = (raw: Node, current: unknown, path: string): void => {
    const node = resolve(schema, raw);
    const at = path || "(root)";
    if (Array.isArray(node.anyOf)) {
      if (!(node.anyOf as Node[]).some((branch) => violations(schema, branch, current, path).length === 0)) problems.push(`${at}: matches no allowed alternative`);
      return;
    }
    if (node.enum !== undefined && !(node.enum as unknown[]).some((allowed) => JSON.stringify(allowed) === JSON.stringify(current))) return void problems.push(`${at}: ${JSON.stringify(current)} is not one of ${JSON.stringify(node.enum)}`);
    if (node.const !== undefined && JSON.stringify(node.const) !== JSON.stringify(current)) return void problems.push(`${at}: must be ${JSON.stringify(node.const)}`);
    if (node.type !== undefined) {
      const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
      const actual = typeOf(current);
      if (!types.includes(actual) && !(actual === "integer" && types.includes("number"))) return void problems.push(`${at}: expected ${types.join(" or ")}, got ${actual}`);
    }
    if (typeof current === "string") {
      if (typeof node.pattern === "string" && !new RegExp(node.pattern, "u").test(current)) problems.push(`${at}: does not match ${node.pattern}`);
      const format = FORMAT_CHECKS[String(node.format)];
      if (format !== undefined && !format.test(current)) problems.push(`${at}: not a ${String(node.format)}`);
    }
    if (typeof current === "number") {
      if (typeof node.minimum === "number" && current < node.minimum) problems.push(`${at}: below ${node.minimum}`);
      if (typeof node.maximum === "number" && current > node.maximum) problems.push(`${at}: above ${node.maximum}`);
    }
    if (Array.isArray(current)) {
      if (typeof node.minItems === "number" && current.length < node.minItems) problems.push(`${at}: fewer than ${node.minItems} items`);
      if (typeof node.maxItems === "number" && current.length > node.maxItems) problems.push(`${at}: more than ${node.maxItems} items`);
      if (node.items !== undefined) current.forEach((item, index) => check(node.items as Node, item, `${path}[${index}]`));
    }
    if (typeOf(current) === "object") {
      const record = current as Record<string, unknown>;
      const properties = (node.properties ?? {}) as Record<string, Node>;
      for (const key of (node.required ?? []) as string[]) if (!(key in record)) problems.push(`${at}: missing ${key}`);
      for (const [key, item] of Object.entries(record)) {
        if (key in properties) check(properties[key]!, item, path ? `${path}.${key}` : key);
        else if (node.additionalProperties === false) problems.push(`${at}: unexpected property ${key}`);
      }
    }
  };
  check(start, value, from);
  return problems;
}

/** The smallest value `schema` allows: null where allowed, empty strings and arrays, the first enum value. */
export function minimalInstance(schema: Node): unknown {
  const build = (raw: Node, depth: number): unknown => {
    const node = resolve(schema, raw);
    if (depth > 20) throw new Error("minimalInstance: the schema recurses without a way out");
    if (Array.isArray(node.anyOf)) {
      const branches = (node.anyOf as Node[]).map((branch) => resolve(schema, branch));
      const ordered = [...branches.filter((branch) => branch.type === "null"), ...branches.filter((branch) => branch.type !== "null")];
      for (const branch of ordered) {
        const value = build(branch, depth + 1);
        if (violations(schema, branch, value, "").length === 0) return value;
      }
      throw new Error("minimalInstance: no alternative of anyOf can be built");
    }
    if (Array.isArray(node.enum)) return node.enum[0];
    if (node.const !== undefined) return node.const;
    const types = Array.isArray(node.type) ? (node.type as string[]) : [node.type as string];
    if (types.includes("null")) return null;
    switch (types[0]) {
      case "boolean":
        return false;
      case "integer":
      case "number":
        return typeof node.minimum === "number" ? node.minimum : 0;
      case "string": {
        const found = SAMPLE_STRINGS.find((sample) => violations(schema, node, sample, "").length === 0);
        if (found === undefined) throw new Error(`minimalInstance: no sample string fits ${JSON.stringify(node)}`);
        return found;
      }
      case "array":
        return Array.from({ length: typeof node.minItems === "number" ? node.minItems : 0 }, () => build(node.items as Node, depth + 1));
      case "object":
        return Object.fromEntries(Object.entries((node.properties ?? {}) as Record<string, Node>).map(([key, sub]) => [key, build(sub, depth + 1)]));
      default:
        throw new Error(`minimalInstance: cannot build a value of ${JSON.stringify(node)}`);
    }
  };
  return build(schema, 0);
}
