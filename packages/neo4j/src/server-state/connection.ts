import type { Driver, ManagedTransaction } from "neo4j-driver";
import { MemographError, StoreFailureError } from "@memograph/core";
import { connectDriver, type Neo4jConnectionOptions } from "../connection-options.js";

export interface Neo4jServerStateOptions extends Neo4jConnectionOptions {
  /**
   * The deployment these keys and tasks belong to (default "default"): servers sharing a database and a namespace
   * share keys and the task queue; another namespace sees neither.
   */
  readonly namespace?: string;
}

export type Params = Record<string, unknown>;

/** One driver (owned or borrowed) and the managed transactions the server-state stores run their Cypher in. */
export class StateConnection {
  readonly namespace: string;
  private readonly driver: Driver;
  private readonly ownsDriver: boolean;
  private readonly database: string | undefined;

  constructor(options: Neo4jServerStateOptions) {
    this.namespace = options.namespace ?? "default";
    if (this.namespace.length === 0 || this.namespace.length > 200) throw new StoreFailureError("A namespace must be 1 to 200 characters", { field: "namespace" });
    this.database = options.database;
    const { driver, owned } = connectDriver(options);
    this.driver = driver;
    this.ownsDriver = owned;
  }

  /** A connection over the same driver (not owning it), e.g. for the second store of one state. */
  borrow(): StateConnection {
    return new StateConnection({ driver: this.driver, namespace: this.namespace, ...(this.database === undefined ? {} : { database: this.database }) });
  }

  read<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.run(operation, "read", work);
  }

  write<T>(operation: string, work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    return this.run(operation, "write", work);
  }

  async close(): Promise<void> {
    if (this.ownsDriver) await this.driver.close();
  }

  private async run<T>(operation: string, mode: "read" | "write", work: (tx: ManagedTransaction) => Promise<T>): Promise<T> {
    // The driver's bookmark manager chains this session after earlier ones (a process reads its own writes).
    const session = this.driver.session({ bookmarkManager: this.driver.executeQueryBookmarkManager, ...(this.database === undefined ? {} : { database: this.database }) });
    try {
      return await (mode === "read" ? session.executeRead(work) : session.executeWrite(work));
    } catch (error) {
      if (MemographError.isInstance(error)) throw error;
      throw new StoreFailureError(`Neo4j failed to ${operation}: ${(error as Error).message}`, { cause: error });
    } finally {
      await session.close();
    }
  }
}

/** True for the error Neo4j raises when a write would break a uniqueness constraint. */
export function isConstraintViolation(error: unknown): boolean {
  const cause = MemographError.isInstance(error) ? error.cause : error;
  return (cause as { code?: string } | null)?.code === "Neo.ClientError.Schema.ConstraintValidationFailed";
}
