#!/usr/bin/env node
/*
 * Renders each operation of an OpenAPI document with the components of
 * docusaurus-theme-openapi-docs (server-side, React, no Docusaurus site) and
 * converts the HTML to the text a browser copies from the page:
 *
 *   <name>.shown.txt     the page as it opens: collapsed <details> bodies and
 *                        unselected tab panels (other status codes, Example
 *                        tabs) are not on screen, so not in the copy;
 *   <name>.expanded.txt  every <details> opened and every tab panel shown.
 *
 * The page body follows the plugin's template (createApiPageMD): title,
 * MethodEndpoint, description, "Request", ParamsDetails, RequestSchema
 * ("Body"), StatusCodes, with the operation as the plugin prepares it.
 *
 * Usage: node render.js --spec SPEC.yaml --out DIR
 */
"use strict";

const fs = require("fs");
const path = require("path");
const Module = require("module");

const THEME = path.dirname(require.resolve("docusaurus-theme-openapi-docs/package.json"));
const stubs = require("./stubs/docusaurus");

// Resolve @theme/* to the theme's components (or a stub), @docusaurus/* to stubs.
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  if (stubs[request]) return `stub:${request}`;
  if (request.startsWith("@theme/")) {
    const file = path.join(THEME, "lib/theme", request.slice("@theme/".length));
    return resolve.call(this, file, parent, ...rest);
  }
  return resolve.call(this, request, parent, ...rest);
};
const load = Module._load;
Module._load = function (request, parent, ...rest) {
  if (stubs[request]) return stubs[request];
  if (/\.s?css$/.test(request)) return new Proxy({}, { get: (_, k) => (k === "__esModule" ? false : String(k)) });
  return load.call(this, request, parent, ...rest);
};

// A few theme files (Markdown) ship as JSX in ES module syntax: compile them to CommonJS.
const esbuild = require("esbuild");
const compileJs = Module._extensions[".js"];
Module._extensions[".js"] = function (module, filename) {
  if (filename.startsWith(path.join(THEME, "lib"))) {
    const source = fs.readFileSync(filename, "utf8");
    if (/^import /m.test(source)) {
      const { code } = esbuild.transformSync(source, { loader: "jsx", format: "cjs", jsx: "transform" });
      return module._compile(code, filename);
    }
  }
  return compileJs(module, filename);
};

const React = require("react");
const { renderToStaticMarkup } = require("react-dom/server");
const parse5 = require("parse5");
const h = React.createElement;

function parseArgs(argv) {
  const a = {};
  for (let i = 2; i < argv.length; i++) {
    if (argv[i] === "--spec") a.spec = path.resolve(argv[++i]);
    else if (argv[i] === "--out") a.out = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!a.spec || !a.out) throw new Error("usage: node render.js --spec SPEC.yaml --out DIR");
  return a;
}

function component(name) {
  const m = require(`@theme/${name}`);
  return m.default || m;
}

// The page body of one operation, as the plugin's MDX template lays it out.
function page(item) {
  const { title, api } = item;
  const MethodEndpoint = component("ApiExplorer/MethodEndpoint");
  const ParamsDetails = component("ParamsDetails");
  const RequestSchema = component("RequestSchema");
  const StatusCodes = component("StatusCodes");
  const Markdown = component("Markdown");
  return h(
    "article",
    null,
    h("h1", null, title),
    h(MethodEndpoint, { method: api.method, path: api.path, context: "endpoint" }),
    api.description ? h(Markdown, null, api.description) : null,
    api.requestBody || api.parameters ? h("h2", null, "Request") : null,
    h(ParamsDetails, { parameters: api.parameters }),
    api.requestBody ? h(RequestSchema, { title: "Body", body: api.requestBody }) : null,
    h(StatusCodes, { responses: api.responses })
  );
}

// --- HTML to copied text ---------------------------------------------------------------------

// Block-level HTML elements (the browser's default style sheet).
const BLOCK = new Set(
  "address article aside blockquote details dialog dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody thead tfoot tr ul".split(" ")
);

// `display` of the theme's classes, read from its style sheets (top-level `.class { display }`
// rules), plus the Infima classes the components use: this decides where the browser breaks lines.
function classDisplays() {
  const map = { tabs: "flex", badge: "inline-block", "tabs__item": "flex" };
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith(".scss")) {
        const scss = fs.readFileSync(file, "utf8");
        for (const m of scss.matchAll(/^\.([\w-]+)\s*\{([^{}]*)/gm)) {
          const display = /(?:^|;|\s)display:\s*([\w-]+)/.exec(m[2]);
          if (display) map[m[1]] = display[1];
        }
      }
    }
  };
  walk(path.join(THEME, "lib/theme"));
  return map;
}
const DISPLAY = classDisplays();
const attr = (node, name) => (node.attrs || []).find((a) => a.name === name);

function display(node) {
  let value = BLOCK.has(node.nodeName) ? "block" : "inline";
  for (const cls of (attr(node, "class")?.value || "").split(/\s+/)) if (DISPLAY[cls]) value = DISPLAY[cls];
  return value;
}

// innerText-like: block-level boxes (and the children of flex containers, which CSS blockifies)
// start and end lines, <pre> keeps its lines, hidden content (the `hidden` attribute,
// collapsed <details> bodies) is skipped unless `expanded`.
function text(node, expanded, out, inFlex) {
  if (node.nodeName === "#text") {
    if (inFlex && out.inPre === 0 && !node.value.trim()) return;
    if (inFlex) out.push({ br: true });
    out.push({ text: node.value, pre: out.inPre > 0 });
    if (inFlex) out.push({ br: true });
    return;
  }
  if (node.nodeName === "#comment" || node.nodeName === "script" || node.nodeName === "style") return;
  if (!expanded && attr(node, "hidden")) return;
  if (node.nodeName === "br") return out.push({ br: true });
  const shown = display(node);
  if (shown === "none") return;
  const block = inFlex || !shown.startsWith("inline");
  const flex = shown === "flex" || shown === "inline-flex" || shown === "grid";
  const pre = node.nodeName === "pre";
  if (block) out.push({ br: true });
  if (pre) out.inPre += 1;
  const open = expanded || attr(node, "open");
  for (const child of node.childNodes || []) {
    if (node.nodeName === "details" && !open && child.nodeName !== "summary") continue;
    text(child, expanded, out, flex);
  }
  if (pre) out.inPre -= 1;
  if (block) out.push({ br: true });
}

function copyText(html, expanded) {
  const doc = parse5.parseFragment(html);
  const out = [];
  out.inPre = 0;
  text(doc, expanded, out, false);
  let s = "";
  for (const piece of out) {
    if (piece.br) s += "\n";
    else if (piece.pre) s += piece.text;
    else s += piece.text.replace(/\s+/g, " ");
  }
  return (
    s
      .split("\n")
      .map((l) => l.replace(/[ \t]+/g, " ").trim())
      .filter((l) => l.length)
      .join("\n") + "\n"
  );
}

async function main() {
  const args = parseArgs(process.argv);
  const { processOpenapiFiles, readOpenapiFiles } = require("docusaurus-plugin-openapi-docs/lib/openapi");
  const files = await readOpenapiFiles(args.spec);
  const [items] = await processOpenapiFiles(files, { specPath: args.spec, outputDir: args.out }, {});
  fs.mkdirSync(args.out, { recursive: true });
  const written = [];
  for (const item of items) {
    if (item.type !== "api") continue;
    const html = renderToStaticMarkup(page(item));
    if (process.env.RENDER_HTML) fs.writeFileSync(`${path.join(args.out, item.id)}.html`, html);
    const base = path.join(args.out, item.id);
    fs.writeFileSync(`${base}.shown.txt`, copyText(html, false));
    fs.writeFileSync(`${base}.expanded.txt`, copyText(html, true));
    written.push(path.basename(base));
  }
  console.log(JSON.stringify({ spec: path.basename(args.spec), pages: written }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
