/** The Neo4j connection of the test run; `pnpm test` provides one. Missing is a failure, never a skip. */
export function neo4jEnv(): { uri: string; user: string; password: string } {
  const uri = process.env.NEO4J_URI;
  if (!uri) throw new Error("NEO4J_URI is not set: run the tests through `pnpm test`, or start Neo4j with `pnpm neo4j:start`");
  return { uri, user: process.env.NEO4J_USER ?? "neo4j", password: process.env.NEO4J_PASSWORD ?? "" };
}
