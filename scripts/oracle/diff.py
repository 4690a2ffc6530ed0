#!/usr/bin/env python3
"""Differential check: medcyber's answers against the reference implementations, side by side.

  scripts/oracle/diff.py compare --scheme deb -n 100000
  scripts/oracle/diff.py satisfies --scheme npm -n 20000
  scripts/oracle/diff.py purl -n 20000

Peers are installed by scripts/peers/install (into /tmp/peers). Both sides read the same
generated cases on stdin and answer one line per case; an `error:` answer on both sides counts
as agreement (both reject the input). Prints the agreement and the first mismatches.
"""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(__file__))
import gen  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
VENV = "/tmp/peers/venv/bin/python"
SYS = "/usr/bin/python3"

COMPARE_REFS = {
    "deb": [SYS, f"{HERE}/ref_deb.py"],
    "rpm": [SYS, f"{HERE}/ref_rpm.py"],
    "npm": ["node", f"{HERE}/ref_npm.js", "compare"],
    "semver": ["node", f"{HERE}/ref_npm.js", "semver"],
    "pypi": [VENV, f"{HERE}/ref_py.py", "pypi"],
    "gem": ["ruby", f"{HERE}/ref_gem.rb", "compare"],
    # ComparableVersion.java of Maven 3.9.x compiled into /tmp/peers by scripts/peers/install.
    "maven": ["java", "-cp", "/tmp/peers/maven39/classes", "CompareBatch"],
}
MAVEN_CP = "/tmp/peers/maven39/classes:/usr/share/maven/lib/maven-artifact-3.x.jar:/usr/share/maven/lib/commons-lang3.jar"
SATISFIES_REFS = {
    "maven": ["java", "-cp", MAVEN_CP, "RangeBatch"],
    "gem": ["ruby", f"{HERE}/ref_gem.rb", "satisfies"],
    "npm": ["node", f"{HERE}/ref_npm.js", "satisfies"],
    "pypi": [VENV, f"{HERE}/ref_py.py", "pypi-spec"],
}


def run(cmd, text):
    p = subprocess.run(cmd, input=text, capture_output=True, text=True, check=False)
    if p.returncode != 0 and not p.stdout:
        raise SystemExit(f"{' '.join(cmd)} failed: {p.stderr[:2000]}")
    return p.stdout.splitlines()


def same(a, b, json_mode):
    if json_mode:
        ja, jb = json.loads(a), json.loads(b)
        if "error" in ja or "error" in jb:
            return ("error" in ja) == ("error" in jb)
        return ja == jb
    if a.startswith("error") or b.startswith("error"):
        return a.startswith("error") == b.startswith("error")
    return a == b


def report(cases, ours, theirs, json_mode, show):
    assert len(ours) == len(cases) == len(theirs), (len(ours), len(cases), len(theirs))
    bad = [(c, o, t) for c, o, t in zip(cases, ours, theirs) if not same(o, t, json_mode)]
    n = len(cases)
    print(f"{n - len(bad)}/{n} agree ({100.0 * (n - len(bad)) / n:.3f}%)")
    for c, o, t in bad[:show]:
        print(f"  case {c!r}\n    medcyber:  {o}\n    reference: {t}")
    return len(bad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["compare", "satisfies", "purl"])
    ap.add_argument("--scheme")
    ap.add_argument("-n", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.path.join(HERE, "../../target/release/medcyber"))
    ap.add_argument("--show", type=int, default=20)
    args = ap.parse_args()
    if args.what == "compare":
        cases = gen.compare_cases(args.scheme, args.n, args.seed)
        text = "".join(f"{a}\t{b}\n" for a, b in cases)
        ours = run([args.bin, "version", "compare", "--scheme", args.scheme, "--batch"], text)
        theirs = run(COMPARE_REFS[args.scheme], text)
        bad = report(cases, ours, theirs, False, args.show)
    elif args.what == "satisfies":
        cases = gen.satisfies_cases(args.scheme, args.n, args.seed)
        text = "".join(f"{a}\t{b}\n" for a, b in cases)
        ours = run([args.bin, "version", "satisfies", "--scheme", args.scheme, "--batch"], text)
        theirs = run(SATISFIES_REFS[args.scheme], text)
        bad = report(cases, ours, theirs, False, args.show)
    else:
        cases = gen.purl_cases(args.n, args.seed)
        text = "".join(f"{c}\n" for c in cases)
        ours = run([args.bin, "purl", "parse", "--batch"], text)
        theirs = run([VENV, f"{HERE}/ref_py.py", "purl"], text)
        bad = report(cases, ours, theirs, True, args.show)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
