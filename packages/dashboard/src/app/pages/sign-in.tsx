import { useId, useState } from "react";
import { useSignIn } from "../session.js";

export function SignInPage({ failure }: { failure: string | null }) {
  const signIn = useSignIn();
  const [key, setKey] = useState("");
  const id = useId();
  return (
    <main id="main" className="sign-in">
      <h1>memograph</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim() !== "") signIn(key.trim());
        }}
      >
        <label htmlFor={id}>API key</label>
        <input id={id} type="password" autoComplete="off" value={key} onChange={(event) => setKey(event.target.value)} required autoFocus />
        <button type="submit">Sign in</button>
        <p className="hint">The key stays in this tab's session storage and is sent only as an Authorization header.</p>
        {failure !== null && (
          <p role="alert" className="error">
            Sign-in failed: {failure}
          </p>
        )}
      </form>
    </main>
  );
}
