#!/usr/bin/env python3
"""Python peers of `scripts/bench/ident`: times one reference operation over a file of cases,
in process, and prints operations per second (one number). Each case's strings are parsed
afresh on every pass, as medcyber's side does.

  peers_ident.py packaging-compare FILE      packaging.version.Version(a) < / > Version(b)
  peers_ident.py packaging-satisfies FILE    SpecifierSet(r).contains(Version(v), prereleases=True)
  peers_ident.py univers-compare CLASS FILE  univers.versions.<CLASS>(a) vs (b)
  peers_ident.py univers-vers FILE           VersionRange.from_string(r).contains(version_class(v))
  peers_ident.py apt-compare FILE            apt_pkg.version_compare(a, b)   (system python3)
  peers_ident.py rpm-compare FILE            rpm.ver(a) vs rpm.ver(b)        (system python3)
  peers_ident.py purl FILE                   PackageURL.from_string(s).to_string()
  peers_ident.py cpe FILE                    cpe.CPE(s).as_fs()
"""
import os
import sys
import time

SECONDS = float(os.environ.get("BENCH_SECONDS", "1.5"))


def cmp(x, y):
    return -1 if x < y else (1 if x > y else 0)


def op(mode, arg):
    if mode == "packaging-compare":
        from packaging.version import Version
        return lambda a, b: cmp(Version(a), Version(b))
    if mode == "packaging-satisfies":
        from packaging.specifiers import SpecifierSet
        from packaging.version import Version
        return lambda r, v: SpecifierSet(r).contains(Version(v), prereleases=True)
    if mode == "univers-compare":
        import univers.versions as uv
        cls = getattr(uv, arg)
        return lambda a, b: cmp(cls(a), cls(b))
    if mode == "univers-vers":
        from univers.version_range import VersionRange

        def f(r, v):
            vr = VersionRange.from_string(r)
            return vr.contains(vr.version_class(v))
        return f
    if mode == "apt-compare":
        import apt_pkg
        apt_pkg.init()
        return apt_pkg.version_compare
    if mode == "rpm-compare":
        import rpm
        return lambda a, b: cmp(rpm.ver(a), rpm.ver(b))
    if mode == "purl":
        from packageurl import PackageURL
        return lambda s, _: PackageURL.from_string(s).to_string()
    if mode == "cpe":
        from cpe import CPE
        return lambda s, _: CPE(s).as_fs()
    raise SystemExit(f"unknown mode {mode}")


def main():
    mode = sys.argv[1]
    arg = sys.argv[2] if len(sys.argv) > 3 else None
    path = sys.argv[-1]
    with open(path, encoding="utf-8") as f:
        cases = [tuple((line.rstrip("\n").split("\t") + [""])[:2]) for line in f if line.strip()]
    fn = op(mode, arg)
    ok = 0
    for a, b in cases:  # warm-up pass
        try:
            fn(a, b)
            ok += 1
        except Exception:  # noqa: BLE001
            pass
    passes = 0
    start = time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        for a, b in cases:
            try:
                fn(a, b)
            except Exception:  # noqa: BLE001
                pass
        passes += 1
    elapsed = time.perf_counter() - start
    print(f"{len(cases) * passes / elapsed:.0f}")
    print(f"{mode}: {len(cases)} cases ({ok} ok) x {passes} passes in {elapsed:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
