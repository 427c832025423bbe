// Builds the citizen chat page and the embeddable widget with esbuild into assistant/static/dist/.
// `make web` runs it (after `npm ci` when node_modules is missing or package-lock.json changed).
// Entries whose source does not exist yet are skipped with a note, so a half-built tree still builds.
import { build } from "esbuild";
import { existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outdir = join(root, "assistant", "static", "dist");
const entries = [
  { source: "web/chat/main.js", out: "chat.js" },
  { source: "web/widget/widget.js", out: "widget.js" },
];

mkdirSync(outdir, { recursive: true });
let built = 0;
for (const entry of entries) {
  const source = join(root, entry.source);
  if (!existsSync(source)) {
    console.log(`build-web: ${entry.source} does not exist yet, skipped`);
    continue;
  }
  await build({
    entryPoints: [source],
    outfile: join(outdir, entry.out),
    bundle: true,
    format: "iife",
    minify: true,
    sourcemap: true,
    target: "es2019",
    legalComments: "linked",
    logLevel: "warning",
  });
  built += 1;
  console.log(`build-web: ${entry.source} -> assistant/static/dist/${entry.out}`);
}
if (built === 0) {
  console.error("build-web: nothing to build");
  process.exit(1);
}
