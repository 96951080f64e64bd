import neo4j, { type Driver } from "neo4j-driver";

/**
 * Resolves once a transaction run with parameter `name` = `value` waits for a lock another transaction holds, so a
 * test can commit that other transaction knowing the statement had read what it read before waiting.
 */
export async function untilBlocked(driver: Driver, name: string, value: string, timeoutMs = 10_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; ; ) {
    const blocked = await driver.executeQuery("SHOW TRANSACTIONS YIELD status, parameters WHERE status STARTS WITH 'Blocked' AND parameters[$name] = $value RETURN count(*) AS n", { name, value });
    if (neo4j.integer.toNumber(blocked.records[0]!.get("n") as number) > 0) return;
    if (Date.now() > deadline) throw new Error(`no transaction with ${name} ${JSON.stringify(value)} waited for a lock within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
