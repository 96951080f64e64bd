import { ValidationError } from "../errors/index.js";

/** Opaque page cursors over the (createdAt, id) order every store pages in. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(JSON.stringify([createdAt, id])).toString("base64url");
}

export function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString());
    if (Array.isArray(value) && value.length === 2 && value.every((part) => typeof part === "string")) return value as [string, string];
  } catch {
    // fall through to the typed error
  }
  throw new ValidationError("Invalid page cursor", [{ path: "cursor", message: "not a cursor returned by a previous page" }]);
}
