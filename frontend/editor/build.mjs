// Builds static/js/editor/editor.js (one minified IIFE, no source map) and editor.css
// from src/, and editor.LICENSES.txt beside them: the name, version, licence and licence text of every npm package
// that ends up in the bundle (all MIT when last checked).
import { build } from "esbuild";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const out = "../../static/js/editor";
const banner = "/*! VNR Portal rich-text editor. Bundled packages and their licences: editor.LICENSES.txt */";

const result = await build({
  entryPoints: ["src/index.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  legalComments: "none",
  banner: { js: banner },
  metafile: true,
  outfile: join(out, "editor.js"),
});

await build({ entryPoints: ["src/editor.css"], bundle: true, minify: true, outfile: join(out, "editor.css") });

const packages = new Set();
for (const input of Object.keys(result.metafile.inputs)) {
  const match = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (match) packages.add(match[1]);
}

const sections = [...packages].sort().map((name) => {
  const directory = join("node_modules", name);
  const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8"));
  const licenceFile = readdirSync(directory).find((file) => /^licen[cs]e/i.test(file));
  const text = licenceFile ? readFileSync(join(directory, licenceFile), "utf8").trim() : `${manifest.license} (no licence file in the package)`;
  return `${name} ${manifest.version} — ${manifest.license}\n\n${text}\n`;
});
writeFileSync(
  join(out, "editor.LICENSES.txt"),
  `Packages bundled into editor.js (built by frontend/editor/build.mjs)\n\n${sections.join("\n" + "-".repeat(72) + "\n\n")}`
);
console.log(`editor.js: ${packages.size} packages bundled; licences in editor.LICENSES.txt`);
