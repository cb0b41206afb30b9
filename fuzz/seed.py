#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets into fuzz/seeds/<target>/ from the shared folder.

Seeds are derived from real data and never committed (fuzz/.gitignore). Sources:
  page      the smallest operation pages of each corpus folder (frontmatter and the start of
            the body), every tag and info page's start, and shared/seeds/*.mdx
  openapi   small schema and path files of the SailPoint split specification, each wrapped into
            a root OpenAPI document, with the schema files they reference appended as extra
            files (`#@file NAME` sections, see fuzz/src/lib.rs); and a few pages' operations as
            JSON root documents
  api_json  the decoded `api:` JSON of the smallest pages (raw 2022 and deflated 2024)
  generate  the same as api_json

Usage: python3 fuzz/seed.py [SHARED]   (default: $PAGEGEN_SHARED, else ../shared beside the repo)
Needs only the Python standard library.
"""
import base64
import glob
import json
import os
import re
import sys
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = (sys.argv[1] if len(sys.argv) > 1 else None) or os.environ.get("PAGEGEN_SHARED") or os.path.join(
    HERE, "..", "..", "shared"
)
CORPUS = os.path.join(SHARED, "corpus")
SPEC = os.path.join(SHARED, "reference", "sailpoint-api-specs", "idn", "beta")
OUT = os.path.join(HERE, "seeds")
PAGE_FOLDERS = ["pages-2022-raw/beta", "pages-2022-raw/v3", "pages-2024-compressed/beta", "pages-2024-compressed/v3"]
# Pages per folder; the smallest are taken so inputs stay short and executions fast.
PAGES_PER_FOLDER = 12
MAX_SEED_BYTES = 48 * 1024


def write(target, name, data):
    folder = os.path.join(OUT, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    if len(data) <= MAX_SEED_BYTES:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def api_json(text):
    """The `api:` value of a page, decoded to JSON text, or None."""
    for line in text.split("\n"):
        if line.startswith("api:"):
            value = line[4:].strip()
            if value.startswith("{"):
                return value
            return zlib.decompress(base64.b64decode(value)).decode()
    return None


def smallest_pages(folder):
    files = sorted(glob.glob(os.path.join(CORPUS, folder, "*.api.mdx")), key=lambda f: (os.path.getsize(f), f))
    return files[:PAGES_PER_FOLDER]


def cut_body(text, keep=600):
    """Frontmatter plus the first `keep` characters of the body."""
    parts = text.split("\n---\n", 1)
    if len(parts) == 2:
        return parts[0] + "\n---\n" + parts[1][:keep]
    return text[:keep]


def page_seeds():
    for folder in PAGE_FOLDERS:
        tag = folder.replace("/", "-")
        for f in smallest_pages(folder):
            text = open(f, encoding="utf-8").read()
            write("page", f"{tag}-{os.path.basename(f)}", cut_body(text))
            json_text = api_json(text)
            if json_text:
                one_line = json.dumps(json.loads(json_text), separators=(",", ":"), ensure_ascii=False)
                for target in ("api_json", "generate"):
                    write(target, f"{tag}-{os.path.basename(f)}.json", one_line)
        extra = sorted(glob.glob(os.path.join(CORPUS, folder.split("/")[0], "tag-info", folder.split("/")[1], "*.mdx")))
        for f in extra[:6]:
            write("page", f"{tag}-{os.path.basename(f)}", open(f, encoding="utf-8").read()[:4000])
    for f in sorted(glob.glob(os.path.join(SHARED, "seeds", "*.mdx"))):
        write("page", f"seed-{os.path.basename(f)}", cut_body(open(f, encoding="utf-8").read()))


def indent(text, n):
    pad = " " * n
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


REF = re.compile(r"""\$ref:\s*['"]?([./A-Za-z0-9_-]*/)?([A-Za-z0-9_.-]+\.yaml)(#[^'"\s]*)?['"]?""")
IDN = os.path.dirname(SPEC)


def find_file(name):
    """A referenced file by its base name: a beta schema first, else any file of the spec."""
    first = os.path.join(SPEC, "schemas", name)
    if os.path.isfile(first):
        return first
    found = sorted(glob.glob(os.path.join(IDN, "**", name), recursive=True))
    return found[0] if found else None


def local_refs(text):
    """Rewrites `../x/X.yaml#frag` references to `X.yaml#frag`; returns (text, referenced names)."""
    names = []

    def repl(m):
        names.append(m.group(2))
        return f"$ref: '{m.group(2)}{m.group(3) or ''}'"

    return REF.sub(repl, text), names


def with_referenced(root, names):
    """The root text followed by the referenced schema files, one level deep."""
    out = root
    for name in dict.fromkeys(names):
        path = find_file(name)
        if path and os.path.getsize(path) < 4000:
            body, _ = local_refs(open(path, encoding="utf-8").read())
            out += f"#@file {name}\n{body}"
            if not out.endswith("\n"):
                out += "\n"
    return out


HEAD = "openapi: 3.0.3\ninfo:\n  title: Fuzz\n  version: 1.0.0\n"


def openapi_seeds():
    schemas = sorted(glob.glob(os.path.join(SPEC, "schemas", "*.yaml")), key=lambda f: (os.path.getsize(f), f))
    for f in schemas[:25] + schemas[len(schemas) // 2 : len(schemas) // 2 + 10]:
        body, names = local_refs(open(f, encoding="utf-8").read())
        stem = os.path.basename(f)[: -len(".yaml")]
        root = f"{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    {stem}:\n{indent(body, 6)}"
        write("openapi", f"schema-{stem}.yaml", with_referenced(root, names))
    paths = sorted(glob.glob(os.path.join(SPEC, "paths", "*.yaml")), key=lambda f: (os.path.getsize(f), f))
    for f in paths[:25]:
        body, names = local_refs(open(f, encoding="utf-8").read())
        stem = os.path.basename(f)[: -len(".yaml")]
        root = f"{HEAD}paths:\n  /{stem}/{{id}}:\n{indent(body, 4)}"
        write("openapi", f"path-{stem}.yaml", with_referenced(root, names))
    # Operations of a few pages as JSON root documents.
    for folder in PAGE_FOLDERS[::2]:
        for f in smallest_pages(folder)[:5]:
            op = json.loads(api_json(open(f, encoding="utf-8").read()))
            method, path = op.pop("method", "get"), op.pop("path", "/x")
            for key in ("servers", "securitySchemes", "info", "postman", "jsonRequestBodyExample", "extensions"):
                op.pop(key, None)
            doc = {"openapi": "3.0.3", "info": {"title": "Fuzz", "version": "1"}, "paths": {path: {method: op}}}
            write("openapi", f"page-{os.path.basename(f)}.json", json.dumps(doc, separators=(",", ":")))
    # Cross-file references: a cycle through two schema files, and a chain of fragments.
    write(
        "openapi",
        "refs-cycle.yaml",
        f"{HEAD}paths: {{}}\ncomponents:\n  schemas:\n    A:\n      $ref: 'a.yaml'\n"
        "#@file a.yaml\ntype: object\nproperties:\n  b:\n    $ref: 'b.yaml'\n"
        "#@file b.yaml\ntype: object\nproperties:\n  a:\n    $ref: 'a.yaml'\n",
    )
    write(
        "openapi",
        "refs-fragments.yaml",
        f"{HEAD}paths:\n  /x:\n    $ref: 'p.yaml#/item'\n"
        "#@file p.yaml\nitem:\n  get:\n    parameters:\n      - $ref: 'q.yaml#/params/0'\n"
        "    responses:\n      '200':\n        $ref: 'q.yaml#/ok'\n"
        "#@file q.yaml\nparams:\n  - name: id\n    in: query\n    schema:\n      $ref: 's.yaml'\n"
        "ok:\n  description: ok\n"
        "#@file s.yaml\ntype: string\n",
    )


def main():
    if not os.path.isdir(CORPUS):
        sys.exit(f"shared corpus not found at {CORPUS} (set PAGEGEN_SHARED)")
    page_seeds()
    openapi_seeds()
    for target in sorted(os.listdir(OUT)):
        print(f"seeds/{target}: {len(os.listdir(os.path.join(OUT, target)))} files")


if __name__ == "__main__":
    main()
