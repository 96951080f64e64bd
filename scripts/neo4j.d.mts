// Types of scripts/neo4j.mjs, for tests that run a Neo4j server of their own.
export function freePort(): Promise<number>;
export function launch(options: { port: number; home: string; logFile: string }): Promise<number>;
export function terminate(pid: number, options?: { hard?: boolean }): Promise<void>;
export function start(): Promise<string>;
export function stop(): Promise<void>;
