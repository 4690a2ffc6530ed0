#!/usr/bin/env python3
"""Differential check of SBOM JSON-schema verdicts: medcyber against Python `jsonschema`.

  scripts/peers/install                       # once (jsonschema with its format checkers)
  scripts/oracle/sbom_schema_diff.py -n 2000  # prints the agreement

Seeds are the `valid-*.json` CycloneDX test resources (1.2–1.7) and the SPDX 2.2/2.3 JSON
examples; each generated document is a seed with one to three random mutations (a key removed,
a value replaced by a wrong type, an enum value or pattern-constrained string garbled, a date
broken, an unknown key added, an array item duplicated, a nested value moved). medcyber
validates all of them in one `medcyber sbom validate --format json` run; the reference is
`jsonschema` (Draft 7 for CycloneDX, 2019-09 for SPDX) with format checking, over the bundled
schemas. Only the verdict (valid or not) is compared.
"""
import argparse
import copy
import glob
import json
import os
import random
import subprocess
import sys
import tempfile

PEERS = os.environ.get("PEERS", "/tmp/peers")
VENV = f"{PEERS}/venv/bin/python"
# The reference is the jsonschema installed by scripts/peers/install: run under that venv.
if os.path.exists(VENV) and os.path.realpath(sys.prefix) != os.path.realpath(f"{PEERS}/venv"):
    os.execv(VENV, [VENV, os.path.abspath(__file__)] + sys.argv[1:])

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
DATA = os.environ.get("MEDCYBER_TEST_DATA", os.path.join(ROOT, "../shared/data"))
SCHEMAS = os.path.join(ROOT, "data/schemas")


def validators():
    import jsonschema
    from referencing import Registry, Resource
    resources = []
    for name in ("spdx.schema.json", "jsf-0.82.schema.json", "cryptography-defs.schema.json"):
        doc = json.load(open(f"{SCHEMAS}/cyclonedx/{name}"))
        resources.append((f"http://cyclonedx.org/schema/{name}", Resource.from_contents(doc)))
    registry = Registry().with_resources(resources)
    out = {}
    for v in ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7"):
        schema = json.load(open(f"{SCHEMAS}/cyclonedx/bom-{v}.schema.json"))
        out[("cdx", v)] = jsonschema.Draft7Validator(
            schema, registry=registry, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    for v in ("2.2", "2.3"):
        schema = json.load(open(f"{SCHEMAS}/spdx/spdx-{v}.schema.json"))
        out[("spdx", v)] = jsonschema.Draft201909Validator(
            schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER)
    return out


def seeds():
    out = []
    for path in sorted(glob.glob(f"{DATA}/cyclonedx-spec/test-resources/1.*/valid-*.json")):
        doc = json.load(open(path))
        out.append((("cdx", doc.get("specVersion")), doc))
    for path in sorted(glob.glob(f"{DATA}/spdx-examples/**/*.json", recursive=True)):
        doc = json.load(open(path))
        version = str(doc.get("spdxVersion", "")).replace("SPDX-", "")
        if version in ("2.2", "2.3"):
            out.append((("spdx", version), doc))
    return out


def paths(value, prefix=()):
    yield prefix, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, prefix + (i,))


def get(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def mutate(r, doc):
    all_paths = [p for p, _ in paths(doc) if p]
    if not all_paths:
        return
    path = r.choice(all_paths)
    parent = get(doc, path[:-1])
    key = path[-1]
    value = parent[key]
    kind = r.randrange(8)
    if kind == 0 and isinstance(parent, dict):
        del parent[key]
    elif kind == 1:
        parent[key] = r.choice([42, True, None, "x", [], {}, 1.5])
    elif kind == 2 and isinstance(value, str):
        parent[key] = r.choice(["", value + "!", value.upper(), "not-a-date", "x" * 3, value[::-1]])
    elif kind == 3 and isinstance(parent, dict):
        parent[r.choice(["extra", "foo", "bom-ref", "name", "type"])] = r.choice(["v", 1, []])
    elif kind == 4 and isinstance(parent, list):
        parent.append(copy.deepcopy(value))
    elif kind == 5 and isinstance(value, str):
        parent[key] = r.choice(["2020-13-45T00:00:00Z", "2020-01-01", "urn:uuid:zzz", "mailto:x", "http://a b"])
    elif kind == 6 and isinstance(value, (int, float)) and not isinstance(value, bool):
        parent[key] = r.choice([-1, 0, 10 ** 12, str(value)])
    elif kind == 7 and isinstance(value, dict) and value:
        k = r.choice(list(value))
        value[k + "_"] = value.pop(k)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/medcyber"))
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--keep", help="write the generated documents to this directory and keep them")
    args = ap.parse_args()
    r = random.Random(args.seed)
    refs = validators()
    base = [s for s in seeds() if s[0] in refs]
    with tempfile.TemporaryDirectory() as scratch:
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        cases = []
        for i in range(args.n):
            key, seed = r.choice(base)
            doc = copy.deepcopy(seed)
            if r.random() < 0.8:
                for _ in range(r.randint(1, 3)):
                    mutate(r, doc)
            if not isinstance(doc, dict):
                continue
            # Keep the format and version markers so both sides pick the same schema.
            if key[0] == "cdx":
                doc["bomFormat"], doc["specVersion"] = "CycloneDX", key[1]
            else:
                doc["spdxVersion"] = f"SPDX-{key[1]}"
            path = os.path.join(tmp, f"{i}.json")
            with open(path, "w") as f:
                json.dump(doc, f)
            # Consume the error iterator fully: a half-consumed one leaves jsonschema's
            # resolver scope behind and corrupts later verdicts of the same validator.
            errors = list(refs[key].iter_errors(doc))
            error = errors[0] if errors else None
            expected = error is None
            reason = "" if error is None else f"{'/'.join(map(str, error.absolute_path))}: {error.message[:150]}"
            cases.append((path, key, expected, reason))
        out = subprocess.run([args.bin, "sbom", "validate", "--format", "json"] + [c[0] for c in cases],
                             capture_output=True, text=True, check=False).stdout.splitlines()
        verdicts = {}
        ours_reason = {}
        for line in out:
            rec = json.loads(line)
            verdicts[rec["file"]] = rec.get("valid")
            errors = rec.get("errors") or [{"message": rec.get("error", "")}]
            ours_reason[rec["file"]] = f"{errors[0].get('pointer', '')}: {errors[0].get('message', '')[:150]}" if errors else ""
        agree = 0
        shown = 0
        for path, key, expected, reason in cases:
            ours = verdicts.get(path)
            if ours == expected:
                agree += 1
            elif shown < args.show:
                shown += 1
                print(f"  {key}: medcyber {ours}, jsonschema {expected} ({os.path.basename(path)})")
                print(f"    jsonschema: {reason}" if reason else f"    medcyber: {ours_reason.get(path)}")
        valid = sum(1 for c in cases if c[2])
        print(f"{agree}/{len(cases)} agree ({100 * agree / len(cases):.2f}%); "
              f"{valid} valid and {len(cases) - valid} invalid by the reference")


if __name__ == "__main__":
    sys.exit(main())
