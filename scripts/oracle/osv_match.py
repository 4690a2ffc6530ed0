#!/usr/bin/env python3
"""Differential test of `medcyber scan` against an independent implementation of the OSV rules.

Generates a large CycloneDX SBOM from the packages named in real OSV databases (go-vulndb,
RustSec, the PyPA advisory database), with versions taken from the advisories' own events and
listed versions plus perturbations around them (the next patch, a pre-release of each bound, a
post-release), then decides every (component, advisory) pair twice:

  - here, with the OSV schema's "Evaluation" pseudo-code written out in Python over the
    ecosystems' reference version libraries (`packaging` for PyPI, `semver` for SEMVER ranges);
  - by `medcyber db import` + `medcyber scan --format json`.

Prints precision and recall of medcyber's findings against the reference and the first
disagreements. Pairs the reference libraries cannot decide (a version they cannot parse) are
left out of both sides and counted.

Usage: scripts/oracle/osv_match.py [--components N] [--seed S] [--medcyber PATH]
Needs the peers venv (scripts/peers/install); re-executes itself under it.
"""
import argparse
import functools
import json
import os
import random
import subprocess
import sys
import tempfile

PEERS = os.environ.get("PEERS", "/tmp/peers")
VENV_PY = os.path.join(PEERS, "venv", "bin", "python")
if os.path.exists(VENV_PY) and os.path.realpath(sys.prefix) != os.path.realpath(f"{PEERS}/venv"):
    os.execv(VENV_PY, [VENV_PY, os.path.abspath(__file__)] + sys.argv[1:])

import semver  # noqa: E402
import yaml  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402
from packaging.version import InvalidVersion, Version  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("MEDCYBER_TEST_DATA", os.path.join(ROOT, "..", "shared", "data"))
SOURCES = [
    os.path.join(DATA, "go-vulndb", "data", "osv"),
    os.path.join(DATA, "rustsec-advisory-db", "osv"),
    os.path.join(DATA, "pypa-advisory-db"),
]


class Undecidable(Exception):
    pass


def parse(ecosystem, kind, v):
    """A comparable key for a version, by the reference library of the ordering."""
    try:
        if kind == "SEMVER":
            return semver.Version.parse(v[1:] if v.startswith("v") else v)
        if ecosystem == "PyPI":
            return Version(v)
    except (ValueError, InvalidVersion) as e:
        raise Undecidable(str(e))
    raise Undecidable(f"no reference ordering for {ecosystem} {kind}")


def included_in_ranges(ecosystem, ranges, v):
    for r in ranges:
        kind = r["type"]
        if kind == "GIT":
            continue
        version = parse(ecosystem, kind, v)
        events = r.get("events", [])
        limits = [e["limit"] for e in events if "limit" in e]
        if limits and not any(l == "*" or version < parse(ecosystem, kind, l) for l in limits):
            continue

        ordered = [e for e in events if "limit" not in e]

        def key(e):
            ((k, val),) = e.items()
            if k == "introduced" and val == "0":
                return None
            return parse(ecosystem, kind, val)

        keys = [key(e) for e in ordered]

        def cmp(i, j):
            a, b = keys[i], keys[j]
            if a is None or b is None:
                return (b is None) - (a is None)
            return (a > b) - (a < b)

        order = sorted(range(len(ordered)), key=functools.cmp_to_key(cmp))
        vulnerable = False
        for i in order:
            e = ordered[i]
            if "introduced" in e and (keys[i] is None or version >= keys[i]):
                vulnerable = True
            elif "fixed" in e and version >= keys[i]:
                vulnerable = False
            elif "last_affected" in e and version > keys[i]:
                vulnerable = False
        if vulnerable:
            return True
    return False


def is_affected(ecosystem, affected, v):
    for listed in affected.get("versions", []) or []:
        if listed == v:
            return True
        if ecosystem == "PyPI":
            try:
                if Version(listed) == Version(v):
                    return True
            except InvalidVersion:
                pass
    return included_in_ranges(ecosystem, affected.get("ranges", []) or [], v)


def load_records():
    records = []
    for src in SOURCES:
        for dirpath, _, files in os.walk(src):
            for f in sorted(files):
                p = os.path.join(dirpath, f)
                if f.endswith(".json"):
                    with open(p) as fh:
                        records.append(json.load(fh))
                elif f.endswith(".yaml"):
                    with open(p) as fh:
                        records.append(yaml.safe_load(fh))
    return records


def key_of(ecosystem, name):
    return (ecosystem, canonicalize_name(name) if ecosystem == "PyPI" else name)


def purl(ecosystem, name, v):
    if ecosystem == "Go":
        return f"pkg:golang/{name}@{v if v.startswith('v') else 'v' + v}"
    if ecosystem == "crates.io":
        return f"pkg:cargo/{name}@{v}"
    return f"pkg:pypi/{name}@{v}"


def perturb(ecosystem, v, rng):
    """Versions around a bound: itself, the next patch, a pre-release, a post-release."""
    out = [v]
    base = v[1:] if v.startswith("v") else v
    parts = base.split("-")[0].split("+")[0].split(".")
    if all(p.isdigit() for p in parts):
        nxt = parts[:-1] + [str(int(parts[-1]) + 1)]
        out.append(".".join(nxt))
        if int(parts[-1]) > 0:
            out.append(".".join(parts[:-1] + [str(int(parts[-1]) - 1)]))
        if ecosystem == "PyPI":
            out += [base + "rc1", base + ".post1", base + ".dev0"]
        else:
            out += [base + "-rc.1", base + "-alpha"]
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--components", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=int.from_bytes(os.urandom(4), "little"))
    ap.add_argument("--medcyber", default=os.path.join(ROOT, "target", "release", "medcyber"))
    args = ap.parse_args()
    rng = random.Random(args.seed)

    records = [r for r in load_records() if r and not r.get("withdrawn")]
    by_package = {}
    candidates = {}
    for r in records:
        for a in r.get("affected", []) or []:
            pkg = a.get("package") or {}
            eco, name = pkg.get("ecosystem"), pkg.get("name")
            if eco not in ("Go", "crates.io", "PyPI") or not name:
                continue
            k = key_of(eco, name)
            by_package.setdefault(k, []).append((r["id"], a))
            vs = candidates.setdefault(k, set())
            for rg in a.get("ranges", []) or []:
                for e in rg.get("events", []):
                    for val in e.values():
                        if val not in ("0", "*"):
                            vs.update(perturb(eco, val, rng))
            for val in a.get("versions", []) or []:
                vs.add(val)

    packages = sorted(candidates)
    components = []
    expected = set()
    undecidable = 0
    seen = set()
    while len(components) < args.components:
        k = packages[rng.randrange(len(packages))]
        pool = sorted(candidates[k])
        if not pool:
            continue
        v = pool[rng.randrange(len(pool))]
        if (k, v) in seen:
            if len(seen) >= sum(len(c) for c in candidates.values()):
                break
            continue
        seen.add((k, v))
        eco, name = k
        ref = f"c{len(components)}"
        hits = set()
        try:
            for vid, a in by_package[k]:
                if is_affected(eco, a, v):
                    hits.add(vid)
        except Undecidable:
            undecidable += 1
            continue
        components.append({"type": "library", "bom-ref": ref, "name": name, "version": v,
                           "purl": purl(eco, name, v)})
        for vid in hits:
            expected.add((ref, vid))

    sbom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "metadata": {"timestamp": "2026-01-01T00:00:00Z",
                         "component": {"type": "device", "bom-ref": "device", "name": "generated"}},
            "components": components}
    with tempfile.TemporaryDirectory() as tmp:
        bom = os.path.join(tmp, "generated.cdx.json")
        with open(bom, "w") as fh:
            json.dump(sbom, fh)
        db = os.path.join(tmp, "m.db")
        subprocess.run([args.medcyber, "db", "import", "--db", db, "--source", "osv"] + SOURCES,
                       check=True, stdout=subprocess.DEVNULL)
        out = subprocess.run([args.medcyber, "scan", "--db", db, "--format", "json", bom],
                             check=True, capture_output=True)
        report = json.loads(out.stdout)
    got = {(f["component"]["bom_ref"], f["vulnerability"]["id"])
           for f in report["findings"] if f["match_kind"] == "purl"}
    # medcyber's undecided pairs are counted against it (they are neither found nor cleared).
    both = expected & got
    precision = len(both) / len(got) if got else 1.0
    recall = len(both) / len(expected) if expected else 1.0
    print(f"seed {args.seed}: {len(components)} components, {undecidable} left out (reference "
          f"library cannot parse), {len(expected)} expected findings, {len(got)} found")
    print(f"precision {precision:.5f}  recall {recall:.5f}")
    by_ref = {c["bom-ref"]: c for c in components}
    for label, diff in (("missed", expected - got), ("extra", got - expected)):
        for ref, vid in sorted(diff)[:15]:
            print(f"  {label}: {by_ref[ref]['purl']} {vid}")
    sys.exit(0 if precision >= 0.995 and recall >= 0.995 else 1)


if __name__ == "__main__":
    main()
