#!/usr/bin/env python3
"""Writes specs/start-identities-invite.api.mdx, the second seed operation.

The seed is what a browser shows (../shared/seeds/invite-identities.rendered.txt); its definition
is in SailPoint's split specification (../shared/reference). This script builds the page the way
docusaurus-plugin-openapi-docs 2.x would: the operation with every `$ref` inlined, component
names copied into `title`, the plugin's extra keys, and `api:` as base64 of zlib-deflated JSON.
The examples the rendered page shows (the 202 TaskStatus, the 400/401/429 bodies) are attached
as media examples. Run from the repository root: python3 scripts/make-invite-page.py
"""
import base64
import json
import os
import sys
import zlib

import yaml  # PyYAML

SHARED = os.environ.get("PAGEGEN_SHARED", os.path.join("..", "shared"))
IDN = os.path.join(SHARED, "reference", "sailpoint-api-specs", "idn")
RENDERED = os.path.join(SHARED, "seeds", "invite-identities.rendered.txt")


def load(path):
    with open(path) as f:
        return yaml.safe_load(f)


def inline(node, base):
    """Inlines every $ref relative to `base`, titling whole-file schemas like plugin 2.x."""
    if isinstance(node, list):
        return [inline(n, base) for n in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = os.path.normpath(os.path.join(os.path.dirname(base), node["$ref"]))
        value = inline(load(target), target)
        if isinstance(value, dict) and "/schemas/" in target and "title" not in value:
            value = {"title": os.path.splitext(os.path.basename(target))[0], **value}
        return value
    return {k: (v if k in ("example", "examples") else inline(v, base)) for k, v in node.items()}


def rendered_examples():
    """The JSON bodies shown on the rendered page, in page order."""
    lines = open(RENDERED).read().split("\n")
    bodies, current = [], None
    for line in lines:
        if current is None and line == "{":
            current = [line]
        elif current is not None:
            current.append(line)
            if line == "}":
                try:
                    bodies.append(json.loads("\n".join(current)))
                    current = None
                except json.JSONDecodeError:
                    pass
    return bodies


def main():
    root = load(os.path.join(IDN, "sailpoint-api.beta.yaml"))
    path_file = os.path.join(IDN, "beta", "paths", "identities-invite.yaml")
    op = inline(load(path_file)["post"], path_file)
    op.pop("x-sailpoint-userLevels", None)
    examples = rendered_examples()
    task, bad_request, unauthorized = examples[0], examples[1], examples[2]
    too_many = next(e for e in examples if "message" in e)
    responses = op["responses"]
    responses["202"]["content"]["application/json"]["example"] = task
    responses["400"]["content"]["application/json"]["example"] = bad_request
    responses["401"]["content"]["application/json"]["example"] = unauthorized
    responses["429"]["content"]["application/json"]["example"] = too_many
    summary = op.pop("summary")
    api = {
        **op,
        "method": "post",
        "path": "/identities/invite",
        "servers": root["servers"],
        "security": [{"userAuth": []}],
        "securitySchemes": inline(root["components"]["securitySchemes"], os.path.join(IDN, "x.yaml")),
        "jsonRequestBodyExample": {"ids": ["2b568c65bc3c4c57a43bd97e3a8e55", "2c9180867769897d01776ed5f125512f"], "uninvited": False},
        "info": {"title": root["info"]["title"], "version": root["info"]["version"]},
    }
    encoded = base64.b64encode(zlib.compress(json.dumps(api, separators=(",", ":")).encode(), 9)).decode()
    page = (
        "---\n"
        "id: start-identities-invite\n"
        f"title: \"{summary}\"\n"
        f"sidebar_label: \"{summary}\"\n"
        "hide_title: true\n"
        "hide_table_of_contents: true\n"
        f"api: {encoded}\n"
        "sidebar_class_name: \"post api-method\"\n"
        "info_path: docs/api/beta/identity-security-cloud-beta-api\n"
        "custom_edit_url: null\n"
        "---\n\n"
        f"# {summary}\n\n"
        "Written by scripts/make-invite-page.py from the rendered page and the reference specification.\n"
    )
    out = os.path.join("specs", "start-identities-invite.api.mdx")
    with open(out, "w") as f:
        f.write(page)
    print(f"wrote {out} ({len(page)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
