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
PEERS = os.environ.get("PEERS", "/tmp/peers")
VENV = f"{PEERS}/venv/bin/python"
SYS = "/usr/bin/python3"


def _maven_cp():
    try:
        with open(f"{PEERS}/maven/classpath") as f:
            return f"{PEERS}/maven:" + f.read().strip()
    except OSError:
        return f"{PEERS}/maven"


MAVEN_CP = _maven_cp()

COMPARE_REFS = {
    "deb": [SYS, f"{HERE}/ref_deb.py"],
    "rpm": [SYS, f"{HERE}/ref_rpm.py"],
    "npm": ["node", f"{HERE}/ref_npm.js", "compare"],
    "semver": ["node", f"{HERE}/ref_npm.js", "semver"],
    "pypi": [VENV, f"{HERE}/ref_py.py", "pypi"],
    "gem": ["ruby", f"{HERE}/ref_gem.rb", "compare"],
    "golang": [f"{PEERS}/go/ref_go"],
    # Maven's ComparableVersion / VersionRange (maven-artifact), via MavenBatch.java.
    "maven": ["java", "-cp", MAVEN_CP, "MavenBatch", "compare"],
}
SATISFIES_REFS = {
    "maven": ["java", "-cp", MAVEN_CP, "MavenBatch", "range"],
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
    if n and bad:
        def is_err(x):
            return x.startswith("error") or (json_mode and x.startswith("{") and '"error"' in x[:10])
        answered = [(o, t) for o, t in zip(ours, theirs) if not is_err(o) and not is_err(t)]
        agree = sum(1 for o, t in answered if same(o, t, json_mode))
        rejected = sum(1 for _, o, t in bad if is_err(o) and not is_err(t))
        print(f"  where both answer: {agree}/{len(answered)} agree; medcyber rejects {rejected} inputs the reference answers")
    for c, o, t in bad[:show]:
        print(f"  case {c!r}\n    medcyber:  {o}\n    reference: {t}")
    return len(bad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=["compare", "satisfies", "purl", "cpe-parse", "cpe-match", "cvss"])
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
    elif args.what == "cpe-parse":
        cases = gen.cpe_parse_cases(args.n, args.seed)
        text = "".join(f"{c}\n" for c in cases)
        ours = run([args.bin, "cpe", "parse", "--batch"], text)
        theirs = run([VENV, f"{HERE}/ref_py.py", "cpe-parse"], text)
        # The cpe package mis-detects most 2.2 URIs ("Version of CPE not implemented"): the
        # formatted strings are the meaningful comparison; URIs are reported apart.
        fs = [i for i, c in enumerate(cases) if c.startswith("cpe:2.3:")]
        uri = [i for i, c in enumerate(cases) if not c.startswith("cpe:2.3:")]
        print("URI inputs:", end=" ")
        report([cases[i] for i in uri], [ours[i] for i in uri], [theirs[i] for i in uri], True, 0)
        print("formatted-string inputs:", end=" ")
        bad = report([cases[i] for i in fs], [ours[i] for i in fs], [theirs[i] for i in fs], True, args.show)
    elif args.what == "cpe-match":
        cases = gen.cpe_match_cases(args.n, args.seed)
        text = "".join(f"{a}\t{b}\n" for a, b in cases)
        ours = [json.dumps({k: v for k, v in json.loads(line).items() if k != "relation"})
                for line in run([args.bin, "cpe", "match", "--batch"], text)]
        theirs = run([VENV, f"{HERE}/ref_py.py", "cpe-match"], text)
        bad = report(cases, ours, theirs, True, args.show)
    elif args.what == "cvss":
        cases = gen.cvss_cases(args.n, args.seed)
        text = "".join(f"{c}\n" for c in cases)

        def comparable(line):
            record = json.loads(line)
            record.pop("nomenclature", None)  # the reference does not compute it
            return json.dumps({k: v for k, v in record.items() if k != "error"} if "error" not in record
                              else {"error": True})
        ours = [comparable(x) for x in run([args.bin, "cvss", "score", "--batch"], text)]
        theirs = [comparable(x) for x in run([VENV, f"{HERE}/ref_py.py", "cvss"], text)]
        bad = report(cases, ours, theirs, True, args.show)
    else:
        cases = gen.purl_cases(args.n, args.seed)
        text = "".join(f"{c}\n" for c in cases)
        ours = run([args.bin, "purl", "parse", "--batch"], text)
        theirs = run([VENV, f"{HERE}/ref_py.py", "purl"], text)
        bad = report(cases, ours, theirs, True, args.show)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
