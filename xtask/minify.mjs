// Minifies the app's JavaScript (wasm-bindgen's glue, an ES module) with terser and its stylesheet
// with csso, in place. Called by `cargo xtask site` with the npm packages of package-lock.json:
//   node xtask/minify.mjs <file.js|file.css>...
import { readFile, writeFile } from "node:fs/promises";
import { minify as minifyJs } from "terser";
import { minify as minifyCss } from "csso";

for (const path of process.argv.slice(2)) {
  const source = await readFile(path, "utf8");
  let output;
  if (path.endsWith(".js")) {
    // Property names stay as they are: the wasm module finds its imports by name.
    const result = await minifyJs(source, { module: true, compress: true, mangle: true });
    output = result.code;
  } else if (path.endsWith(".css")) {
    // Without restructuring: rules keep their order and selectors, so the cascade is unchanged.
    output = minifyCss(source, { restructure: false }).css;
  } else {
    throw new Error(`minify: no minifier for ${path}`);
  }
  if (!output) throw new Error(`minify: empty output for ${path}`);
  await writeFile(path, output);
}
