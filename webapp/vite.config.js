// The web application's build: Preact components in JSX, bundled by Vite (Rolldown and Oxc) into
// dist/, which lonet serves at /app/ (service/api/webapp.py). Nothing is loaded from elsewhere at
// run time: no CDN, no web fonts (the system's fonts), every module bundled.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/app/",
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
});
