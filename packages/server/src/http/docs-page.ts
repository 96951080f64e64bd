/**
 * The API reference page: renders /openapi.json in the browser with a small inline script, no external assets.
 */
export const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>memograph API reference</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #1b1f24; }
  h1 { margin-bottom: 0; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; }
  .op { border: 1px solid #d0d7de; border-radius: 6px; margin: 0.75rem 0; }
  .op > summary { cursor: pointer; padding: 0.5rem 0.75rem; list-style: none; }
  .method { display: inline-block; min-width: 4.5rem; font-weight: 600; font-family: ui-monospace, monospace; }
  .get { color: #0969da; } .post { color: #1a7f37; } .put { color: #9a6700; } .patch { color: #8250df; } .delete { color: #cf222e; }
  code, pre { font-family: ui-monospace, monospace; font-size: 13px; }
  pre { background: #f6f8fa; padding: 0.75rem; overflow: auto; border-radius: 6px; margin: 0.25rem 0 0.75rem; }
  .body { padding: 0 0.75rem 0.5rem; }
  table { border-collapse: collapse; } td, th { text-align: left; padding: 0.15rem 0.75rem 0.15rem 0; vertical-align: top; }
</style>
</head>
<body>
<h1>memograph API reference</h1>
<p id="intro">Loading <a href="/openapi.json">/openapi.json</a>…</p>
<main id="ops"></main>
<script>
const el = (tag, props = {}, ...children) => { const node = Object.assign(document.createElement(tag), props); node.append(...children); return node; };
const resolve = (spec, schema) => { let s = schema; const seen = new Set(); while (s && s.$ref && !seen.has(s.$ref)) { seen.add(s.$ref); s = spec.components.schemas[s.$ref.split("/").pop()]; } return s; };
const expand = (spec, schema, depth = 0) => {
  const s = resolve(spec, schema);
  if (!s || depth > 6) return s;
  const out = { ...s };
  if (out.properties) out.properties = Object.fromEntries(Object.entries(out.properties).map(([k, v]) => [k, expand(spec, v, depth + 1)]));
  if (out.items) out.items = expand(spec, out.items, depth + 1);
  for (const key of ["anyOf", "oneOf", "allOf"]) if (out[key]) out[key] = out[key].map((v) => expand(spec, v, depth + 1));
  return out;
};
const shape = (spec, schema) => JSON.stringify(expand(spec, schema), null, 2);
fetch("/openapi.json").then((r) => r.json()).then((spec) => {
  document.getElementById("intro").textContent = (spec.info.description || "") + " Version " + spec.info.version + ". Authenticate with Authorization: Bearer <key> or x-api-key: <key>.";
  const groups = {};
  for (const [path, ops] of Object.entries(spec.paths)) for (const [method, op] of Object.entries(ops)) {
    const group = path.startsWith("/api/v3") ? "memU Cloud v3 (wire-compatible)" : path.startsWith("/store") ? "LangGraph store (wire-compatible)" : "Native /v1";
    (groups[group] ??= []).push({ path, method, op });
  }
  const main = document.getElementById("ops");
  for (const [group, ops] of Object.entries(groups)) {
    main.append(el("h2", { textContent: group }));
    for (const { path, method, op } of ops) {
      const body = el("div", { className: "body" });
      const params = op.parameters || [];
      if (params.length) body.append(el("h4", { textContent: "Parameters" }), el("table", {}, ...params.map((p) => el("tr", {}, el("td", {}, el("code", { textContent: p.name })), el("td", { textContent: p.in + (p.required ? ", required" : "") }), el("td", { textContent: (p.schema && (p.schema.type || "")) + (p.description ? " — " + p.description : "") })))));
      const request = op.requestBody && op.requestBody.content && op.requestBody.content["application/json"];
      if (request) body.append(el("h4", { textContent: "Request body" }), el("pre", { textContent: shape(spec, request.schema) }));
      for (const [status, response] of Object.entries(op.responses || {})) {
        const content = response.content && (response.content["application/json"] || response.content["application/problem+json"]);
        body.append(el("h4", { textContent: status + " " + (response.description || "") }));
        if (content && status.startsWith("2")) body.append(el("pre", { textContent: shape(spec, content.schema) }));
      }
      main.append(el("details", { className: "op" }, el("summary", {}, el("span", { className: "method " + method, textContent: method.toUpperCase() }), el("code", { textContent: path }), " — " + (op.summary || "")), body));
    }
  }
}).catch((error) => { document.getElementById("intro").textContent = "Could not load /openapi.json: " + error; });
</script>
</body>
</html>
`;
