import { defineConfig } from "vite";

// The app is built to dist/app; the node entry (dist/node, built by tsc) tells servers where that is.
export default defineConfig({
  base: "/",
  esbuild: { jsx: "automatic" },
  build: {
    outDir: "dist/app",
    emptyOutDir: true,
    target: "es2022",
    rollupOptions: {
      // TanStack Query marks its hooks "use client" for server-component bundlers; a browser-only build ignores it.
      onwarn(warning, warn) {
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") warn(warning);
      },
    },
  },
});
