import { serve } from "@hono/node-server";
import type { AddressInfo } from "node:net";
import type { MemographServer } from "./server.js";

export interface ListenOptions {
  /** Default 127.0.0.1: reachable from this machine only unless told otherwise. */
  readonly host?: string;
  /** Default 8787; 0 picks a free port. */
  readonly port?: number;
}

export interface Listener {
  /** `http://host:port`, with the port actually bound. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections and resolves once the requests in flight have been answered. */
  close(): Promise<void>;
}

/** Serves a memograph server on Node's HTTP server. */
export function listen(server: MemographServer, options: ListenOptions = {}): Promise<Listener> {
  const host = options.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    const http = serve({ fetch: server.fetch, hostname: host, port: options.port ?? 8787 }, (info: AddressInfo) => {
      const shownHost = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shownHost}:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done, fail) => {
            http.close((error) => (error ? fail(error) : done()));
            // Idle keep-alive connections would hold close() open; busy ones finish their request first.
            if ("closeIdleConnections" in http) http.closeIdleConnections();
          }),
      });
    });
    http.once("error", reject);
  });
}
