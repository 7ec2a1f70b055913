// Builds Parity's front-end assets into src/parity/app/static/ (served by the app, no CDN).
// GOV.UK Frontend is compiled with Arial (no GDS Transport font files are copied).
import * as sass from "sass";
import { cpSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";

const out = "src/parity/app/static";
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/govuk/assets`, { recursive: true });

const result = sass.compile("assets/parity.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/parity.css`, result.css);

const govuk = "node_modules/govuk-frontend/dist/govuk";
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk/govuk-frontend.min.js`);
// Images (favicons, etc.) only; the fonts folder is GDS Transport, which councils must not use.
cpSync(`${govuk}/assets/images`, `${out}/govuk/assets/images`, { recursive: true });
rmSync(`${out}/govuk/assets/fonts`, { recursive: true, force: true });
// Vega, Vega-Lite and vega-embed for the dashboard's charts, served by the app (no CDN).
mkdirSync(`${out}/js/vendor`, { recursive: true });
cpSync("node_modules/vega/build/vega.min.js", `${out}/js/vendor/vega.min.js`);
cpSync("node_modules/vega-lite/build/vega-lite.min.js", `${out}/js/vendor/vega-lite.min.js`);
cpSync("node_modules/vega-embed/build/vega-embed.min.js", `${out}/js/vendor/vega-embed.min.js`);
// vega-embed and vega-tooltip inject their styles as inline <style> elements, which the content
// security policy refuses: the pages ask them not to (charts.mjs) and load the same rules from a file.
const styleOf = (file) => readFileSync(file, "utf8").match(/export default `([^`]*)`/)[1];
writeFileSync(`${out}/js/vendor/vega-embed.css`,
  styleOf("node_modules/vega-embed/src/style.ts") + "\n" + styleOf("node_modules/vega-tooltip/src/style.ts"));
console.log("assets built into", out);
