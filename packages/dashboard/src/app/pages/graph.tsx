import cytoscape from "cytoscape";
import { useEffect, useId, useRef } from "react";
import { useCategories, useGraph, useResources } from "../api/hooks.js";
import type { Graph, GraphFilters } from "../api/types.js";
import { ErrorNote, Loading } from "../components/status.js";
import { Link, navigate, useLocation } from "../router.js";
import { useUserId } from "../session.js";

const NODE_LIMIT = 1000;
// Rings from the centre: categories, then items, then resources: a tripartite graph reads well this way, and the
// concentric layout is linear in the node count (force-directed layouts stall at a few thousand nodes).
const RING = { category: 3, item: 2, resource: 1 } as const;

export default function GraphPage() {
  const userId = useUserId();
  const { search } = useLocation();
  const category = search.get("category") ?? "";
  const resource = search.get("resource") ?? "";
  const filters: GraphFilters = { userId, limit: NODE_LIMIT, ...(category === "" ? {} : { category }), ...(resource === "" ? {} : { resource }) };
  const graph = useGraph(filters);
  const categories = useCategories(userId);
  const resources = useResources(userId);
  const id = useId();
  const setFilter = (name: string, value: string) => {
    const params = new URLSearchParams(search);
    if (value === "") params.delete(name);
    else params.set(name, value);
    navigate(`/graph${params.size > 0 ? `?${params}` : ""}`, { replace: true });
  };
  return (
    <>
      <h1>Graph</h1>
      <form className="filters" onSubmit={(event) => event.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-category`}>Category</label>
          <select id={`${id}-category`} value={category} onChange={(event) => setFilter("category", event.target.value)}>
            <option value="">all</option>
            {(categories.data?.categories ?? []).map((c) => (
              <option key={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-resource`}>Resource</label>
          <select id={`${id}-resource`} value={resource} onChange={(event) => setFilter("resource", event.target.value)}>
            <option value="">all</option>
            {(resources.data?.resources ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.caption ?? r.uri}
              </option>
            ))}
          </select>
        </div>
      </form>
      {graph.isPending && <Loading what="the graph" />}
      <ErrorNote error={graph.error} />
      {graph.data !== undefined && (
        <>
          <p className="muted" role="status">
            {graph.data.nodes.length} nodes, {graph.data.edges.length} edges{graph.data.truncated ? ` (first ${NODE_LIMIT} nodes; filter to see the rest)` : ""}. Scroll to zoom, drag to
            pan, click a node to open it.
          </p>
          <GraphCanvas graph={graph.data} onOpen={(node) => open(node, setFilter)} />
          <NodeList graph={graph.data} />
        </>
      )}
    </>
  );
}

type GraphNode = Graph["nodes"][number];

function open(node: GraphNode, setFilter: (name: string, value: string) => void) {
  if (node.kind === "item") navigate(`/memories/${encodeURIComponent(node.id)}`);
  else if (node.kind === "category") navigate(`/categories#${encodeURIComponent(node.id)}`);
  else setFilter("resource", node.id);
}

function GraphCanvas({ graph, onOpen }: { graph: Graph; onOpen: (node: GraphNode) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const opener = useRef(onOpen);
  opener.current = onOpen;
  useEffect(() => {
    if (container.current === null) return;
    const large = graph.nodes.length > 500;
    const styles = getComputedStyle(container.current);
    const color = (name: string) => styles.getPropertyValue(name).trim();
    const cy = cytoscape({
      container: container.current,
      elements: [
        ...graph.nodes.map((node) => ({ group: "nodes" as const, data: { ...node, ring: RING[node.kind] } })),
        ...graph.edges.map((edge, index) => ({ group: "edges" as const, data: { id: `e${index}`, source: edge.source, target: edge.target, kind: edge.kind } })),
      ],
      layout: { name: "concentric", concentric: (node) => node.data("ring") as number, levelWidth: () => 1, minNodeSpacing: large ? 2 : 36, animate: false },
      style: [
        { selector: "node", style: { width: 10, height: 10, "background-color": color("--item"), label: "data(label)", "font-size": 6, color: color("--fg"), "min-zoomed-font-size": 8, "text-max-width": "120px", "text-wrap": "ellipsis" } },
        { selector: "node[kind = 'category']", style: { width: 18, height: 18, "background-color": color("--category"), "font-size": 8, "font-weight": "bold", shape: "round-rectangle" } },
        { selector: "node[kind = 'resource']", style: { width: 16, height: 16, "background-color": color("--resource"), shape: "diamond" } },
        { selector: "edge", style: { width: 0.5, "line-color": color("--edge"), "curve-style": "haystack", opacity: 0.6 } },
        { selector: "edge[kind = 'cites']", style: { "line-style": "dashed" } },
      ],
      // Settings for thousands of elements: draw a cached texture while panning or zooming, skip edges meanwhile.
      textureOnViewport: large,
      hideEdgesOnViewport: large,
      hideLabelsOnViewport: large,
      pixelRatio: large ? 1 : "auto",
      minZoom: 0.02,
      maxZoom: 4,
    });
    cy.on("tap", "node", (event) => opener.current(event.target.data() as GraphNode));
    // Marks the first frame drawn, for tests and the benchmark.
    const drawn = container.current;
    cy.one("render", () => drawn.setAttribute("data-rendered", "true"));
    return () => cy.destroy();
  }, [graph]);
  return <div ref={container} className="graph" role="img" aria-label={`Graph of ${graph.nodes.length} nodes: resources, memories and categories`} data-testid="graph" />;
}

/** The nodes as links, for keyboards and screen readers (the canvas is pointer-only). */
function NodeList({ graph }: { graph: Graph }) {
  const shown = graph.nodes.filter((node) => node.kind !== "resource").slice(0, 200);
  return (
    <details className="node-list">
      <summary>Nodes as a list{shown.length < graph.nodes.length ? ` (first ${shown.length} memories and categories)` : ""}</summary>
      <ul className="plain">
        {shown.map((node) => (
          <li key={node.id}>
            <span className={`badge ${node.kind}`}>{node.kind}</span>{" "}
            <Link to={node.kind === "item" ? `/memories/${encodeURIComponent(node.id)}` : `/categories#${encodeURIComponent(node.id)}`}>{node.label}</Link>
          </li>
        ))}
      </ul>
    </details>
  );
}
