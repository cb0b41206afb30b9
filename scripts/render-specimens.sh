#!/usr/bin/env bash
# Re-renders every specimen under tests/specimens/ into the pages docusaurus-plugin-openapi-docs writes.
#
#   scripts/render-specimens.sh            # from anywhere; needs node, npm and the npm registry
#
# For each tests/specimens/<name>/openapi.yaml it writes tests/specimens/<name>/pages/*.api.mdx
# (the folder is replaced). Only the operation pages are kept: the plugin's <page>.<Component>.json
# prop files (display props of the page body; `api:` is complete without them), the tag and info
# pages and the sidebar are thrown away. Schema pages (written for component schemas with `x-tags`)
# go to pages/schemas/ with the JSON prop files they `require` (they hold the schema).
#
# Props: a specimen whose folder holds a file named `inline-props` is rendered with
# --no-external-json, so page bodies carry their props inline (`schema={...}`).
#
# Encoding: a specimen whose folder holds a file named `raw` (empty marker) is rendered with
# --no-compress, so `api:` is raw JSON (the plugin 1.x style); every other specimen gets the
# default compressed `api:` (base64 of zlib-deflated JSON, `eJ...`).
#
# The renderer is ../shared/tools/render-pages beside the checkout ($PAGEGEN_SHARED/tools/render-pages
# when PAGEGEN_SHARED is set, or $RENDER_PAGES to point at the folder itself). It is copied to a
# temporary folder and `npm ci` runs once there (package-lock.json pins the plugin version, 5.2.0
# when this was written); the temporary folder is removed at the end. Output is deterministic:
# the same specimens and renderer give byte-identical pages, and no absolute path of this machine
# ends up in them (each specimen is rendered with --id <name>, so info_path is docs/api/<name>/...).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${PAGEGEN_SHARED:-$ROOT/../shared}"
TOOL="${RENDER_PAGES:-$SHARED/tools/render-pages}"
SPECIMENS="$ROOT/tests/specimens"

[ -f "$TOOL/render.js" ] || { echo "render-pages not found at $TOOL (set RENDER_PAGES)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cp -r "$TOOL" "$WORK/render"
chmod -R u+w "$WORK/render"
(cd "$WORK/render" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

plugin=""
for dir in "$SPECIMENS"/*/; do
  dir="${dir%/}"
  name="$(basename "$dir")"
  [ -f "$dir/openapi.yaml" ] || continue
  flags=()
  encoding=compressed
  if [ -e "$dir/raw" ]; then flags+=(--no-compress); encoding=raw; fi
  if [ -e "$dir/inline-props" ]; then flags+=(--no-external-json); fi
  out="$WORK/out/$name"
  summary="$(cd "$WORK/render" && node render.js --spec "$dir/openapi.yaml" --id "$name" \
    --out "$out" --meta-out "$WORK/meta/$name" --site-dir "$WORK/site/$name" "${flags[@]}")"
  # render.js ends its stdout with a JSON summary; anything printed before it is a message from the
  # plugin, passed on to stderr.
  this_plugin="$(printf '%s\n' "$summary" | node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const lines = s.split("\n"); const i = lines.lastIndexOf("{");
      if (i < 0) { console.error("no JSON summary from render.js"); process.exit(1); }
      for (const l of lines.slice(0, i)) if (l.trim()) console.error(`'"$name"': ${l}`);
      console.log(JSON.parse(lines.slice(i).join("\n")).plugin);
    });')"
  if [ -n "$plugin" ] && [ "$plugin" != "$this_plugin" ]; then
    echo "plugin version changed between specimens: $plugin vs $this_plugin" >&2; exit 1
  fi
  plugin="$this_plugin"
  shopt -s nullglob
  pages=("$out"/*.api.mdx)
  shopt -u nullglob
  if [ "${#pages[@]}" -eq 0 ]; then echo "$name: no *.api.mdx written" >&2; exit 1; fi
  rm -rf "$dir/pages"
  mkdir -p "$dir/pages"
  cp "${pages[@]}" "$dir/pages/"
  # render.js copies only the pages of the output folder itself; schema pages are in schemas/.
  schemas="$WORK/site/$name/docs/api/$name/schemas"
  schema_pages=0
  if [ -d "$schemas" ]; then
    mkdir -p "$dir/pages/schemas"
    cp "$schemas"/*.schema.mdx "$dir/pages/schemas/"
    schema_pages="$(ls "$schemas"/*.schema.mdx | wc -l)"
    # Only the prop files a schema page requires: they carry the schema itself.
    for required in $(grep -ho 'require("./[^"]*")' "$schemas"/*.schema.mdx | sed 's/require("\.\/\(.*\)")/\1/'); do
      cp "$schemas/$required" "$dir/pages/schemas/"
    done
  fi
  printf '%-30s %-10s %2d pages %2d schema pages\n' "$name" "$encoding" "${#pages[@]}" "$schema_pages"
done
echo "rendered with $plugin"
