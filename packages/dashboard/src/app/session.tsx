import { useQueryClient } from "@tanstack/react-query";
import { createContext, useCallback, useContext, useState, type ReactNode } from "react";
import { apiKey } from "./api/client.js";
import { useMe } from "./api/hooks.js";
import type { Me } from "./api/types.js";

const USER_STORAGE = "memograph.userId";

export interface Session {
  readonly me: Me;
  readonly isAdmin: boolean;
  /** The user whose memories the pages show: a member's own, or the one an admin picked. */
  readonly userId: string | null;
  /** Admins only: a member key is bound to its user. */
  selectUser(userId: string): void;
  signOut(): void;
}

const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error("useSession outside a signed-in page");
  return session;
}

/** The signed-in user a scoped page needs; the page is only rendered once one is chosen. */
export function useUserId(): string {
  const { userId } = useSession();
  if (userId === null) throw new Error("useUserId before a user is chosen");
  return userId;
}

export function SessionProvider({ signIn, children }: { signIn: (failure: string | null) => ReactNode; children: ReactNode }) {
  const client = useQueryClient();
  const [hasKey, setHasKey] = useState(() => apiKey.get() !== null);
  const [picked, setPicked] = useState(() => sessionStorage.getItem(USER_STORAGE));
  const me = useMe(hasKey);

  const signOut = useCallback(() => {
    apiKey.clear();
    sessionStorage.removeItem(USER_STORAGE);
    client.clear();
    setHasKey(false);
  }, [client]);

  const selectUser = useCallback((userId: string) => {
    sessionStorage.setItem(USER_STORAGE, userId);
    setPicked(userId);
  }, []);

  if (!hasKey || me.isError) {
    return (
      <SignInGate
        failure={me.isError ? me.error.message : null}
        onKey={(key) => {
          apiKey.set(key);
          setHasKey(true);
          void client.resetQueries({ queryKey: ["me"] });
        }}
      >
        {signIn}
      </SignInGate>
    );
  }
  if (me.data === undefined) return <p className="loading" role="status">Signing in…</p>;
  const isAdmin = me.data.role === "admin";
  const session: Session = { me: me.data, isAdmin, userId: isAdmin ? picked : me.data.userId, selectUser, signOut };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

const SignInContext = createContext<(key: string) => void>(() => undefined);

/** What the sign-in form calls with the key typed in. */
export const useSignIn = () => useContext(SignInContext);

function SignInGate({ failure, onKey, children }: { failure: string | null; onKey: (key: string) => void; children: (failure: string | null) => ReactNode }) {
  return <SignInContext.Provider value={onKey}>{children(failure)}</SignInContext.Provider>;
}
