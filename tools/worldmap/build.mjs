// Builds service/api/static/world-110m.json: one SVG path per country, keyed by ISO 3166-1
// alpha-2 (XK for Kosovo), from Natural Earth's 1:110m admin-0 countries as packaged by the npm
// `world-atlas` (TopoJSON). Natural Earth is public domain; world-atlas is ISC.
// Run once (`npm ci && node build.mjs`); lonet serves the committed output, nothing at run time.
import { readFileSync, writeFileSync } from "node:fs";
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import countries from "i18n-iso-countries";

const WIDTH = 960;
const HEIGHT = 500;
const OUT = new URL("../../service/api/static/world-110m.json", import.meta.url);
// Features without an ISO numeric code in Natural Earth 110m, by name.
const BY_NAME = { Kosovo: "XK", "N. Cyprus": "CY", Somaliland: "SO" };

const topology = JSON.parse(readFileSync(new URL("node_modules/world-atlas/countries-110m.json", import.meta.url)));
const shapes = feature(topology, topology.objects.countries);
const projection = geoNaturalEarth1().fitSize([WIDTH, HEIGHT], shapes);
const path = geoPath(projection).digits(1);

const paths = {};
const unmatched = [];
for (const shape of shapes.features) {
  const iso2 = BY_NAME[shape.properties.name] ?? (shape.id ? countries.numericToAlpha2(shape.id) : undefined);
  if (!iso2) {
    unmatched.push(`${shape.id} ${shape.properties.name}`);
    continue;
  }
  const d = path(shape);
  if (d) paths[iso2] = (paths[iso2] ?? "") + d;
}
if (unmatched.length) throw new Error(`no alpha-2 code for: ${unmatched.join(", ")}`);

// The Europe view: the box around these countries, in the same projected coordinates.
const [[x0, y0], [x1, y1]] = path.bounds({
  type: "FeatureCollection",
  features: shapes.features.filter((s) => ["PT", "IS", "NO", "FI", "CY", "TR", "GR", "ES"].includes(
    BY_NAME[s.properties.name] ?? countries.numericToAlpha2(s.id ?? ""),
  )),
});
const round = (v) => Math.round(v);
const output = {
  source: "Natural Earth 1:110m Cultural Vectors, Admin 0 - Countries (public domain), via npm world-atlas 2.0.2",
  projection: "Natural Earth I",
  views: { world: [0, 0, WIDTH, HEIGHT], europe: [round(x0), round(y0), round(x1 - x0), round(y1 - y0)] },
  paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
};
writeFileSync(OUT, JSON.stringify(output));
console.log(`${Object.keys(paths).length} countries, ${JSON.stringify(output).length} bytes -> ${OUT.pathname}`);
