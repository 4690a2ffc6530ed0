#!/usr/bin/env python3
"""Generates the engine benchmark's inputs (deterministic; standard library only).

  OUT/osv-all.zip        OSV records laid out as osv.dev's all.zip (one JSON per entry)
  OUT/nvd-feed.json.gz   NVD CVE API 2.0 feed file with CPE configurations
  OUT/sbom-10k.cdx.json  a CycloneDX 1.6 SBOM of 10,000 components

The distributions follow the shape of the real databases:
  - ecosystems of OSV records as in osv.dev (npm 30%, PyPI 15%, Maven 15%, Go 10%, Debian 10%,
    crates.io 5%, NuGet 5%, RubyGems 5%, Packagist 5%), 250,000 packages: 500 "hot" packages
    (OpenSSL-, lodash-, kernel-like) hold 5% of the records (about 40 each), the rest spread
    evenly (1 to 2 each, like most real packages);
  - 1 affected package per record (80%), 2 (15%) or 3 (5%); an ECOSYSTEM range with
    `introduced`/`fixed` (85%), two introduced/fixed pairs (10%), or `last_affected` (5%);
    an explicit `versions` list in 10%; CVE aliases and a CVSS 3.1 vector in 70%;
  - NVD records: 20,000 vendor/product pairs; one to four `cpeMatch` criteria with version
    bounds; 20% are AND configurations with a running-on platform;
  - NVD: 20,000 vendor/product pairs, 200 hot ones with 10% of the records;
  - the SBOM: 85% purl components (10% of them hot packages, the rest drawn from all), 15%
    CPE-only components (firmware, RTOS, libraries named by CPE), drawn the same way.

Usage: gen_engine.py OUT [OSV_RECORDS] [NVD_RECORDS] [COMPONENTS]
"""
import gzip
import json
import os
import random
import sys
import zipfile

ECOSYSTEMS = [("npm", 30), ("PyPI", 15), ("Maven", 15), ("Go", 10), ("Debian:12", 10),
              ("crates.io", 5), ("NuGet", 5), ("RubyGems", 5), ("Packagist", 5)]
PURL_TYPE = {"npm": "npm", "PyPI": "pypi", "Maven": "maven", "Go": "golang", "Debian:12": "deb",
             "crates.io": "cargo", "NuGet": "nuget", "RubyGems": "gem", "Packagist": "composer"}
PACKAGES = 250_000
HOT = 500
HOT_CPES = 200
CPE_PRODUCTS = 20_000
VECTORS = ["CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H",
           "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:N/A:N", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H",
           "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L"]


def pick_ecosystem(rng):
    r = rng.randrange(100)
    for eco, w in ECOSYSTEMS:
        if r < w:
            return eco
        r -= w
    return "npm"


def popular(rng, n, hot, share):
    """An index in 0..n: one of the `hot` first ones with probability `share`, else any."""
    return rng.randrange(hot) if rng.random() < share else rng.randrange(n)


def name_of(eco, i):
    if eco == "Maven":
        return f"org.example{i % 400}:artifact-{i}"
    if eco == "Go":
        return f"github.com/org{i % 900}/module-{i}"
    if eco == "Packagist":
        return f"vendor{i % 500}/package-{i}"
    return f"package-{i}"


def version(rng, eco):
    v = f"{rng.randrange(6)}.{rng.randrange(25)}.{rng.randrange(40)}"
    if eco == "Debian:12":
        v += f"-{1 + rng.randrange(3)}"
    return v


def later(v):
    parts = v.split("-")[0].split(".")
    parts[1] = str(int(parts[1]) + 1 + (len(v) % 4))
    return ".".join(parts)


def osv_record(rng, i):
    affected = []
    for _ in range(rng.choices([1, 2, 3], [80, 15, 5])[0]):
        eco = pick_ecosystem(rng)
        pkg = popular(rng, PACKAGES, HOT, 0.05)
        start = version(rng, eco)
        shape = rng.randrange(100)
        if shape < 85:
            events = [{"introduced": rng.choice(["0", start])}, {"fixed": later(start)}]
        elif shape < 95:
            other = later(later(start))
            events = [{"introduced": "0"}, {"fixed": later(start)}, {"introduced": other},
                      {"fixed": later(other)}]
        else:
            events = [{"introduced": "0"}, {"last_affected": start}]
        entry = {"package": {"ecosystem": eco, "name": name_of(eco, pkg)},
                 "ranges": [{"type": "ECOSYSTEM", "events": events}]}
        if rng.randrange(10) == 0:
            entry["versions"] = [start, later(start)]
        affected.append(entry)
    record = {"schema_version": "1.6.0", "id": f"BENCH-{i:07d}", "modified": "2026-01-01T00:00:00Z",
              "published": "2025-01-01T00:00:00Z", "summary": f"Synthetic vulnerability {i}",
              "details": "A generated record for the engine benchmark. " * 3, "affected": affected,
              "references": [{"type": "ADVISORY", "url": f"https://example.org/advisories/{i}"}]}
    if rng.randrange(10) < 7:
        record["aliases"] = [f"CVE-2025-{100000 + i}"]
        record["severity"] = [{"type": "CVSS_V3", "score": rng.choice(VECTORS)}]
    return record


def cpe(vendor, product, ver="*", part="a"):
    return f"cpe:2.3:{part}:{vendor}:{product}:{ver}:*:*:*:*:*:*:*"


def nvd_record(rng, i):
    matches = []
    for _ in range(rng.randrange(1, 5)):
        p = popular(rng, CPE_PRODUCTS, HOT_CPES, 0.10)
        start = f"{rng.randrange(6)}.{rng.randrange(20)}"
        matches.append({"vulnerable": True, "criteria": cpe(f"vendor{p % 3000}", f"product{p}"),
                        "versionStartIncluding": start, "versionEndExcluding": later(start + ".0")})
    nodes = [{"operator": "OR", "negate": False, "cpeMatch": matches}]
    config = {"nodes": nodes}
    if rng.randrange(5) == 0:
        config["operator"] = "AND"
        nodes.append({"operator": "OR", "negate": False, "cpeMatch": [
            {"vulnerable": False, "criteria": cpe("microsoft", "windows_10", "-", "o")}]})
    return {"cve": {"id": f"CVE-2024-{200000 + i}", "published": "2024-01-01T00:00:00.000",
                    "lastModified": "2025-01-01T00:00:00.000", "vulnStatus": "Analyzed",
                    "descriptions": [{"lang": "en", "value": f"Synthetic NVD record {i}."}],
                    "metrics": {"cvssMetricV31": [{"source": "nvd@nist.gov", "type": "Primary",
                                                   "cvssData": {"version": "3.1", "vectorString": rng.choice(VECTORS),
                                                                "baseScore": 7.5}}]},
                    "configurations": [config],
                    "references": [{"url": f"https://example.org/cve/{i}"}]}}


def main():
    out = sys.argv[1]
    osv_n = int(sys.argv[2]) if len(sys.argv) > 2 else 400_000
    nvd_n = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
    comps = int(sys.argv[4]) if len(sys.argv) > 4 else 10_000
    os.makedirs(out, exist_ok=True)
    rng = random.Random(20261125)
    with zipfile.ZipFile(os.path.join(out, "osv-all.zip"), "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i in range(osv_n):
            z.writestr(f"BENCH-{i:07d}.json", json.dumps(osv_record(rng, i)))
    with gzip.open(os.path.join(out, "nvd-feed.json.gz"), "wt", compresslevel=1) as f:
        f.write('{"format": "NVD_CVE", "version": "2.0", "vulnerabilities": [')
        for i in range(nvd_n):
            if i:
                f.write(",")
            f.write(json.dumps(nvd_record(rng, i)))
        f.write("]}")
    components = []
    for c in range(comps):
        if rng.randrange(100) < 85:
            eco = pick_ecosystem(rng)
            name = name_of(eco, popular(rng, PACKAGES, HOT, 0.10))
            v = version(rng, eco)
            t = PURL_TYPE[eco]
            if eco == "Maven":
                g, a = name.split(":")
                purl = f"pkg:maven/{g}/{a}@{v}"
            elif eco == "Debian:12":
                purl = f"pkg:deb/debian/{name}@{v}?distro=debian-12"
            else:
                purl = f"pkg:{t}/{name}@{'v' + v if eco == 'Go' else v}"
            components.append({"type": "library", "bom-ref": f"c{c}", "name": name, "version": v, "purl": purl})
        else:
            p = popular(rng, CPE_PRODUCTS, HOT_CPES, 0.10)
            v = f"{rng.randrange(6)}.{rng.randrange(20)}.{rng.randrange(10)}"
            components.append({"type": "firmware", "bom-ref": f"c{c}", "name": f"product{p}", "version": v,
                               "cpe": cpe(f"vendor{p % 3000}", f"product{p}", v)})
    sbom = {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
            "metadata": {"timestamp": "2026-11-25T00:00:00Z",
                         "component": {"type": "device", "bom-ref": "device", "name": "Benchmark device"}},
            "components": components}
    with open(os.path.join(out, f"sbom-{comps // 1000}k.cdx.json"), "w") as f:
        json.dump(sbom, f)


if __name__ == "__main__":
    main()
