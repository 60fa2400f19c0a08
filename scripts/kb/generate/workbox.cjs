// Writes the site's service worker with Workbox (npm workbox-build, pinned in package.json), and
// copies the Workbox files the site serves itself: the runtime modules the worker loads and the
// page-side library workbox-window. Called by scripts/kb/generate/offline.py:
//
//   node workbox.cjs OPTIONS.json
//
// OPTIONS: {site, swSrc, swDest, runtimeDir, modules, windowDest, globPatterns, globIgnores,
// noRevision} (paths inside `site` are relative to it). Prints one JSON line: the number of files
// precached, their size, Workbox's warnings and the runtime files copied.
"use strict";

const fs = require("fs");
const path = require("path");

function injectManifestFunction() {
  try {
    // The one function used: without loading the rest of workbox-build (its bundler), 0.7 s less.
    return require("workbox-build/build/inject-manifest").injectManifest;
  } catch (error) {
    return require("workbox-build").injectManifest;
  }
}

function copy(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

async function main() {
  const options = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const site = options.site;
  const copied = [];
  // The runtime of the workbox-build in use (its own dependencies, same version).
  const from = (file) => require.resolve(file, { paths: [path.dirname(require.resolve("workbox-build/package.json"))] });
  for (const name of options.modules) {
    const file = from(`workbox-${name}/build/workbox-${name}.prod.js`);
    const to = path.join(site, options.runtimeDir, path.basename(file));
    copy(file, to);
    copied.push(path.relative(site, to));
  }
  const windowFile = require.resolve("workbox-window/build/workbox-window.prod.umd.js");
  copy(windowFile, path.join(site, options.windowDest));
  copied.push(options.windowDest);
  // Workbox's licence (MIT, the same for every package), beside the files the site serves
  const licence = path.join(options.runtimeDir, "LICENSE.txt");
  copy(from("workbox-core/LICENSE"), path.join(site, licence));
  copied.push(licence);

  const result = await injectManifestFunction()({
    swSrc: options.swSrc,
    swDest: path.join(site, options.swDest),
    globDirectory: site,
    globPatterns: options.globPatterns,
    globIgnores: options.globIgnores,
    // Files whose name holds a hash of their content (Material's): the name is the revision.
    dontCacheBustURLsMatching: new RegExp(options.noRevision),
  });
  process.stdout.write(JSON.stringify({
    count: result.count,
    size: result.size,
    warnings: result.warnings,
    copied,
    workbox: require("workbox-build/package.json").version,
  }) + "\n");
}

main().catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
