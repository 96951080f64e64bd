import { useEffect } from "react";
import { useCategories } from "../api/hooks.js";
import { Markdown } from "../components/markdown.js";
import { ErrorNote, formatDate, Loading } from "../components/status.js";
import { Link } from "../router.js";
import { useUserId } from "../session.js";

export function CategoriesPage() {
  const userId = useUserId();
  const categories = useCategories(userId);
  const loaded = categories.data !== undefined;
  // A link to /categories#<id> lands on that category once the list is there.
  useEffect(() => {
    if (loaded && location.hash.length > 1) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, [loaded]);
  if (categories.isPending) return <Loading what="categories" />;
  if (categories.isError) return <ErrorNote error={categories.error} />;
  const list = [...categories.data.categories].sort((a, b) => b.itemCount - a.itemCount || a.name.localeCompare(b.name));
  return (
    <>
      <h1>Categories</h1>
      {list.length === 0 && <p className="muted">No categories yet: memorize something in the Playground.</p>}
      <div className="category-list">
        {list.map((category) => (
          <section key={category.id} id={category.id} className="card category" aria-labelledby={`${category.id}-name`} tabIndex={-1}>
            <h2 id={`${category.id}-name`}>{category.name}</h2>
            <p className="muted">
              {category.description} · {category.itemCount} memor{category.itemCount === 1 ? "y" : "ies"} · updated {formatDate(category.updatedAt)} ·{" "}
              <Link to={`/memories?category=${encodeURIComponent(category.name)}`}>list them</Link> · <Link to={`/graph?category=${encodeURIComponent(category.name)}`}>graph</Link>
            </p>
            {category.summary === "" ? <p className="muted">No summary yet.</p> : <Markdown source={category.summary} />}
          </section>
        ))}
      </div>
    </>
  );
}
