#!/usr/bin/env python3
"""Python references, run in /tmp/peers/venv. Modes:
  pypi       packaging.version.Version ordering
  pypi-spec  packaging.specifiers.SpecifierSet(r).contains(v, prereleases=True)
  vers       univers VersionRange.from_string(r).contains(version_class(v))
  purl       packageurl-python PackageURL.from_string(s) as medcyber's JSON record
"""
import json
import sys

mode = sys.argv[1]
out = sys.stdout
for line in sys.stdin:
    line = line.rstrip("\n")
    a, _, b = line.partition("\t")
    try:
        if mode == "pypi":
            from packaging.version import Version
            x, y = Version(a), Version(b)
            out.write(f"{-1 if x < y else (1 if x > y else 0)}\n")
        elif mode == "pypi-spec":
            from packaging.specifiers import SpecifierSet
            from packaging.version import Version
            out.write(f"{str(SpecifierSet(a).contains(Version(b), prereleases=True)).lower()}\n")
        elif mode == "vers":
            from univers.version_range import VersionRange
            r = VersionRange.from_string(a)
            out.write(f"{str(r.contains(r.version_class(b))).lower()}\n")
        elif mode == "purl":
            from packageurl import PackageURL
            p = PackageURL.from_string(line)
            rec = {"canonical": p.to_string(), "type": p.type, "namespace": p.namespace, "name": p.name,
                   "version": p.version, "qualifiers": p.qualifiers or {}, "subpath": p.subpath}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
        else:
            raise SystemExit(f"unknown mode {mode}")
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001
        out.write((json.dumps({"error": str(e)}) if mode == "purl" else f"error: {e}") + "\n")
