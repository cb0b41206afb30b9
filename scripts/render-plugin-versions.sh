#!/usr/bin/env bash
# Renders a few specimens with the newest release of every docusaurus-plugin-openapi-docs major
# version, so pagegen can be tested against the pages each generation of the plugin writes.
#
#   scripts/render-plugin-versions.sh            # every major: 1.x 2.x 3.x 4.x 5.x
#   scripts/render-plugin-versions.sh 2.x 4.x    # only these
#
# Needs node (v20 was used), npm and the npm registry. For each major M and specimen S it replaces
# tests/plugin-versions/M/S/ with the `*.api.mdx` pages (and `*.schema.mdx` pages, if that version
# writes any by default: none of these specimens makes one) that the plugin writes for
# tests/specimens/S/openapi.yaml with its default options (so `api:` is raw JSON in 1.x and
# deflate+base64 from 2.x on). Display-prop `*.json` files, tag/info pages and the sidebar are not kept.
# tests/plugin-versions/M/plugin.txt records the exact plugin version that rendered M.
#
# Versions and adaptations (the renderer is ../shared/tools/render-pages, as for
# scripts/render-specimens.sh; $PAGEGEN_SHARED or $RENDER_PAGES override where it is):
#   1.x  docusaurus-plugin-openapi-docs 1.7.3  (@docusaurus/* 2.2.0 come in as its dependencies)
#   2.x  docusaurus-plugin-openapi-docs 2.2.4  (@docusaurus/* 2.4.3, as dependencies)
#   3.x  docusaurus-plugin-openapi-docs 3.0.2  (@docusaurus/* ^3.0.1 as dependencies -> 3.10.2; npm
#        warns that react-dom 19 (a peer of @docusaurus 3.10) wants react 19 while the plugin
#        allows react <= 18; only a warning, and react is not used to generate pages)
#   4.x  docusaurus-plugin-openapi-docs 4.7.1  (@docusaurus/* are peers ^3.5.0; npm installs 3.10.2)
#   5.x  docusaurus-plugin-openapi-docs 5.2.0  (the shared renderer as it is: its own package-lock.json)
# For 1.x-4.x the renderer's package.json and package-lock.json are replaced by the ones in
# tests/plugin-versions/_renderer/M/ (made once with `npm install`; `npm ci` here pins every
# transitive package). Each of those package.json files also pins commander 5.1.0, the version the
# 5.2.0 lock uses, because render.js requires commander directly. render.js itself is NOT changed
# for any version: plugin.validateOptions, extendCli and the `gen-api-docs <id>` command exist with
# the same shape in 1.7.3-5.2.0, and unknown-to-old-versions options are never passed.
#
# 1.x only: its example generator writes `new Date()` for `format: date` / `date-time` values (into
# the page body, and into `jsonRequestBodyExample` in `api:` for JSON request bodies), so node runs
# with a preload (written to the temp folder) that freezes the clock at 2024-07-29T15:51:28.071Z,
# the constant 2.x and later write instead. Nothing else in 1.x output depends on the clock.
#
# Specimens: webhooks-31, bodies-and-params and recursion-nullable, plus x-webhooks-30 (the only
# webhook form 1.x-3.x render) and compose-anyof (shows that 1.x-3.x write anyOf arms into `api:`
# with their `properties` deleted; 1.7.3 crashes on it).
# A render that crashes keeps the pages the plugin wrote before the crash (what a user of that
# version would have on disk) and writes render-error.txt beside them with the error line.
#
# Output is deterministic for the same node version (the compressed `api:` bytes come from node's
# zlib; other zlib builds may compress differently, see upstream issue #692; decoded JSON is stable).
set -euo pipefail
export LC_ALL=C

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${PAGEGEN_SHARED:-$ROOT/../shared}"
TOOL="${RENDER_PAGES:-$SHARED/tools/render-pages}"
SPECIMENS="$ROOT/tests/specimens"
OUT="$ROOT/tests/plugin-versions"
RENDERERS="$OUT/_renderer"

ALL_MAJORS=(1.x 2.x 3.x 4.x 5.x)
SPECS=(webhooks-31 bodies-and-params recursion-nullable x-webhooks-30 compose-anyof)

[ -f "$TOOL/render.js" ] || { echo "render-pages not found at $TOOL (set RENDER_PAGES)" >&2; exit 1; }
majors=("$@")
[ "${#majors[@]}" -gt 0 ] || majors=("${ALL_MAJORS[@]}")

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cat >"$WORK/freeze-date.js" <<'JS'
"use strict";
const RealDate = Date;
const FIXED = RealDate.parse("2024-07-29T15:51:28.071Z");
class FrozenDate extends RealDate {
  constructor(...args) { if (args.length === 0) super(FIXED); else super(...args); }
  static now() { return FIXED; }
}
global.Date = FrozenDate;
JS

for major in "${majors[@]}"; do
  case " ${ALL_MAJORS[*]} " in *" $major "*) ;; *) echo "unknown major $major" >&2; exit 2 ;; esac
  r="$WORK/render-$major"
  cp -r "$TOOL" "$r"
  chmod -R u+w "$r"
  if [ -d "$RENDERERS/$major" ]; then
    cp "$RENDERERS/$major/package.json" "$RENDERERS/$major/package-lock.json" "$r/"
  fi
  echo "== $major: npm ci" >&2
  (cd "$r" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  plugin="$(cd "$r" && node -p 'const p = require("docusaurus-plugin-openapi-docs/package.json"); p.name + "@" + p.version')"
  want="$(cd "$r" && node -p 'require("./package.json").dependencies["docusaurus-plugin-openapi-docs"]')"
  [ "$plugin" = "docusaurus-plugin-openapi-docs@$want" ] || { echo "$major: installed $plugin, wanted $want" >&2; exit 1; }
  case "$want" in "${major%.x}".*) ;; *) echo "$major: package.json pins $want" >&2; exit 1 ;; esac

  for spec in "${SPECS[@]}"; do
    src="$SPECIMENS/$spec/openapi.yaml"
    [ -f "$src" ] || { echo "missing $src" >&2; exit 1; }
    w="$WORK/$major/$spec"
    mkdir -p "$WORK/$major"
    rc=0
    node_opts=""
    [ "$major" != 1.x ] || node_opts="--require $WORK/freeze-date.js"
    (cd "$r" && NODE_OPTIONS="$node_opts" node render.js --spec "$src" --id "$spec" --out "$w/out" --meta-out "$w/meta" \
      --site-dir "$w/site") >"$w.stdout" 2>"$w.stderr" || rc=$?
    dest="$OUT/$major/$spec"
    rm -rf "$dest"
    mkdir -p "$dest"
    shopt -s nullglob
    # render.js copies only the top level of the generated folder; schema pages (2.1+) go to schemas/.
    pages=("$w"/site/docs/api/"$spec"/*.api.mdx "$w"/site/docs/api/"$spec"/schemas/*.schema.mdx)
    shopt -u nullglob
    [ "${#pages[@]}" -eq 0 ] || cp "${pages[@]}" "$dest/"
    if [ "$rc" -ne 0 ]; then
      # First "XxxError: ..." line and the plugin file:line above the stack, without machine paths.
      where="$(grep -m1 -o 'node_modules/[^ ]*:[0-9]*$' "$w.stderr" | sed 's#^node_modules/##' || true)"
      what="$(grep -m1 -E '^[A-Za-z]*Error:' "$w.stderr" || true)"
      printf 'render.js exited %s with %s (%s pages written before it)\n%s\n%s\n' \
        "$rc" "$plugin" "${#pages[@]}" "$what" "$where" >"$dest/render-error.txt"
      status="CRASHED: $what"
    else
      status=ok
      [ "${#pages[@]}" -gt 0 ] || { echo "$major/$spec: no pages written" >&2; exit 1; }
    fi
    # Messages the plugin printed (warnings) go to stderr; the JSON summary is dropped.
    sed -n '/^{$/q;p' "$w.stdout" | sed "s#^#$major/$spec: #" >&2
    [ "$rc" -ne 0 ] || sed "s#^#$major/$spec: #" "$w.stderr" >&2
    printf '%-4s %-20s %2d pages  %s\n' "$major" "$spec" "${#pages[@]}" "$status"
  done
  printf '%s\n' "$plugin" >"$OUT/$major/plugin.txt"
done
