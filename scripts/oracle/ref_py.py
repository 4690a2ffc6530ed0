#!/usr/bin/env python3
"""Python references, run in /tmp/peers/venv. Modes:
  pypi       packaging.version.Version ordering
  pypi-spec  packaging.specifiers.SpecifierSet(r).contains(v, prereleases=True)
  vers       univers VersionRange.from_string(r).contains(version_class(v))
  purl       packageurl-python PackageURL.from_string(s) as medcyber's JSON record
  cpe-parse  cpe (the CPE 2.3 reference library for Python): fs, uri and wfn of one name
  cpe-match  cpe's CPESet2_3 name-matching functions on SOURCE<TAB>TARGET
  cvss       cvss (Red Hat's CVSS 2/3/4 library) as medcyber's `cvss score --batch` record
"""
import json
import re
import sys

WFN_ATTRS = ["part", "vendor", "product", "version", "update", "edition", "language",
             "sw_edition", "target_sw", "target_hw", "other"]


def cvss_record(vector):
    from cvss import CVSS2, CVSS3, CVSS4
    try:
        if vector.startswith("CVSS:4.0/"):
            c = CVSS4(vector)
            return {"vector": vector, "version": "4.0", "score": float(c.base_score), "severity": c.severity,
                    "macro_vector": c.macroVector(), "nomenclature": None}
        if vector.startswith("CVSS:3."):
            c = CVSS3(vector)
            b, t, e = (float(x) for x in c.scores())
            sb, st, se = c.severities()
            return {"vector": vector, "version": vector[5:8], "base_score": b, "base_severity": sb,
                    "temporal_score": t, "temporal_severity": st, "environmental_score": e,
                    "environmental_severity": se}
        if vector.startswith("CVSS:"):
            raise ValueError("unknown prefix")
        c = CVSS2(vector)
        b, t, e = c.scores()
        sb, st, se = c.severities()
        return {"vector": vector, "version": "2.0", "base_score": float(b), "base_severity": sb,
                "temporal_score": None if t is None else float(t), "temporal_severity": None if t is None else st,
                "environmental_score": None if e is None else float(e),
                "environmental_severity": None if e is None else se}
    except Exception as ex:  # noqa: BLE001
        return {"vector": vector, "error": str(ex)}


def cpe_wfn(text):
    from cpe import CPE
    from cpe.cpe2_3_wfn import CPE2_3_WFN
    c = CPE(text)
    wfn = dict.fromkeys(WFN_ATTRS, "ANY")
    for k, v in re.findall(r'(\w+)=("(?:[^"\\]|\\.)*"|ANY|NA)', c.as_wfn()):
        wfn[k] = v[1:-1] if v.startswith('"') else v
    return c, CPE2_3_WFN(c.as_wfn()), wfn

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
        elif mode == "cpe-parse":
            c, _, wfn = cpe_wfn(line)
            out.write(json.dumps({"fs": c.as_fs(), "uri": c.as_uri_2_3(), "wfn": wfn}) + "\n")
        elif mode == "cpe-match":
            from cpe.cpeset2_3 import CPESet2_3 as S
            _, s_, _ = cpe_wfn(a)
            _, t_, _ = cpe_wfn(b)
            r = {"superset": S.cpe_superset(s_, t_), "subset": S.cpe_subset(s_, t_),
                 "equal": S.cpe_equal(s_, t_), "disjoint": S.cpe_disjoint(s_, t_)}
            out.write(json.dumps(r) + "\n")
        elif mode == "cvss":
            out.write(json.dumps(cvss_record(line)) + "\n")
        else:
            raise SystemExit(f"unknown mode {mode}")
    except SystemExit:
        raise
    except Exception as e:  # noqa: BLE001
        out.write((json.dumps({"error": str(e)}) if mode in ("purl", "cpe-parse", "cpe-match") else f"error: {e}") + "\n")
