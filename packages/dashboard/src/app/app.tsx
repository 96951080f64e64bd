import { lazy, Suspense, useId, useState, type ReactNode } from "react";
import { useKnownUsers } from "./api/hooks.js";
import { Loading } from "./components/status.js";
import { ThemeToggle } from "./components/theme-toggle.js";
import { AdminPage } from "./pages/admin.js";
import { CategoriesPage } from "./pages/categories.js";
import { MemoriesPage } from "./pages/memories.js";
import { MemoryDetailPage } from "./pages/memory-detail.js";
import { OverviewPage } from "./pages/overview.js";
import { PlaygroundPage } from "./pages/playground.js";
import { SignInPage } from "./pages/sign-in.js";
import { Link, match, useLocation } from "./router.js";
import { SessionProvider, useSession } from "./session.js";

// Cytoscape is most of the bundle's weight: it loads with the graph page only.
const GraphPage = lazy(() => import("./pages/graph.js"));

const NAV = [
  { to: "/", label: "Overview" },
  { to: "/memories", label: "Memories" },
  { to: "/categories", label: "Categories" },
  { to: "/graph", label: "Graph" },
  { to: "/playground", label: "Playground" },
] as const;

export function App() {
  return (
    <SessionProvider signIn={(failure) => <SignInPage failure={failure} />}>
      <Shell />
    </SessionProvider>
  );
}

function Shell() {
  const { isAdmin, me, signOut } = useSession();
  const { path } = useLocation();
  const nav = isAdmin ? [...NAV, { to: "/admin", label: "Admin" }] : NAV;
  const current = (to: string) => (to === "/" ? path === "/" : path.startsWith(to));
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <span className="brand">memograph</span>
        <nav aria-label="Pages">
          <ul>
            {nav.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={current(item.to) ? "page" : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="who">
          {isAdmin ? <UserPicker /> : <span data-testid="signed-in-user">{me.userId}</span>}
          <span className="badge">
            {me.role}
            {me.readOnly ? ", read-only" : ""}
          </span>
          <ThemeToggle />
          <button type="button" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} />
      </main>
    </>
  );
}

function Page({ path }: { path: string }) {
  const { userId, isAdmin } = useSession();
  if (path === "/admin") return <AdminPage />;
  if (userId === null) return <p>{isAdmin ? "Choose a user above to see their memories." : "This key is bound to no user."}</p>;
  const routes: [string, (params: Record<string, string>) => ReactNode][] = [
    ["/", () => <OverviewPage />],
    ["/memories", () => <MemoriesPage />],
    ["/memories/:id", (params) => <MemoryDetailPage key={params.id} id={params.id!} />],
    ["/categories", () => <CategoriesPage />],
    [
      "/graph",
      () => (
        <Suspense fallback={<Loading what="the graph" />}>
          <GraphPage />
        </Suspense>
      ),
    ],
    ["/playground", () => <PlaygroundPage />],
  ];
  for (const [pattern, render] of routes) {
    const params = match(pattern, path);
    if (params !== null) return <div key={userId}>{render(params)}</div>;
  }
  return <p role="alert">No page at {path}.</p>;
}

/** Admins choose whose memories to look at: a user with a member key, or any user id typed in. */
function UserPicker() {
  const { userId, selectUser } = useSession();
  const known = useKnownUsers();
  const [typed, setTyped] = useState("");
  const id = useId();
  const options = userId === null || known.includes(userId) ? known : [userId, ...known];
  return (
    <form
      className="user-picker"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed.trim() !== "") selectUser(typed.trim());
        setTyped("");
      }}
    >
      <label htmlFor={`${id}-user`}>User</label>
      <select id={`${id}-user`} value={userId ?? ""} onChange={(event) => selectUser(event.target.value)}>
        {userId === null && <option value="">choose…</option>}
        {options.map((name) => (
          <option key={name}>{name}</option>
        ))}
      </select>
      <label htmlFor={`${id}-other`} className="sr-only">
        Other user id
      </label>
      <input id={`${id}-other`} placeholder="other user id" value={typed} onChange={(event) => setTyped(event.target.value)} size={12} />
    </form>
  );
}
