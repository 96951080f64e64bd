import type { Scope } from "@memograph/core";

/** A fixed scope, or a function that gives the scope of the current request. */
export type ScopeSource<Context> = Scope | ((context: Context) => Scope | Promise<Scope>);

export async function resolveScope<Context>(source: ScopeSource<Context>, context: Context): Promise<Scope> {
  return typeof source === "function" ? source(context) : source;
}
