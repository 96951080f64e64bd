import neo4j, { type Driver } from "neo4j-driver";
import { StoreFailureError } from "@memograph/core";

/** How a store reaches Neo4j: a driver of the caller's, or settings for one of its own. */
export interface Neo4jConnectionOptions {
  /** An existing driver (the caller closes it), or connection settings for one the store owns. */
  readonly driver?: Driver;
  /** `neo4j://`, `bolt://`, `neo4j+s://`... Default: env NEO4J_URI. */
  readonly uri?: string;
  readonly user?: string;
  readonly password?: string;
  /** Default: the server's default database. */
  readonly database?: string;
}

/** The caller's driver, or a new one from the options and NEO4J_URI / NEO4J_USER / NEO4J_PASSWORD; `owned` says who closes it. */
export function connectDriver(options: Neo4jConnectionOptions): { readonly driver: Driver; readonly owned: boolean } {
  if (options.driver !== undefined) return { driver: options.driver, owned: false };
  const uri = options.uri ?? process.env.NEO4J_URI;
  if (!uri) throw new StoreFailureError("No Neo4j URI: pass `uri` or set NEO4J_URI", { field: "uri" });
  const user = options.user ?? process.env.NEO4J_USER ?? "neo4j";
  const password = options.password ?? process.env.NEO4J_PASSWORD ?? "";
  return { driver: neo4j.driver(uri, neo4j.auth.basic(user, password), { disableLosslessIntegers: true }), owned: true };
}
