#!/usr/bin/env python3
"""Random, realistic test cases for medcyber's differential checks.

Each generator returns version strings shaped like the ecosystem's real versions (and, at a
small rate, invalid ones), so that comparisons exercise the rules that matter: epochs, tildes,
pre-releases, post-releases, local versions, leading zeros, build metadata.
"""
import random
import re

LETTERS = "abcdefghijklmnopqrstuvwxyz"


def num(r, big=False):
    x = r.random()
    if x < 0.5:
        return str(r.randint(0, 9))
    if x < 0.85:
        return str(r.randint(0, 99))
    if big and x < 0.9:
        return str(r.randint(0, 10**20))
    return str(r.randint(0, 2025))


def dotted(r, lo=1, hi=4):
    return ".".join(num(r) for _ in range(r.randint(lo, hi)))


def deb(r):
    up = dotted(r)
    if r.random() < 0.3:
        up += r.choice(["~rc", "~beta", "~", "+dfsg", "+really", "a", "b", "+git", ".dfsg", "~~"]) + (num(r) if r.random() < 0.6 else "")
    if r.random() < 0.1:
        up = r.choice(LETTERS) + up
    v = up
    if r.random() < 0.6:
        rev = num(r)
        if r.random() < 0.4:
            rev += r.choice(["ubuntu", "+deb", "~bpo", "build", "+b"]) + num(r) + (("u" + num(r)) if r.random() < 0.3 else "")
        v += "-" + rev
    if r.random() < 0.2:
        v = f"{r.randint(0, 3)}:" + v
    if r.random() < 0.03:
        v = r.choice(["", "1:", "a:1", "1.0-", "1 0", "-1"])
    return v


def rpm(r):
    v = dotted(r)
    if r.random() < 0.3:
        v += r.choice(["~rc", "~beta", "^git", "^", "~", "a", "p", "_", ".post"]) + (num(r) if r.random() < 0.6 else "")
    if r.random() < 0.6:
        rel = num(r) + r.choice(["", ".el9", ".el8_6", ".fc39", ".1", "~bootstrap", "^20240101git"])
        v += "-" + rel
    if r.random() < 0.15:
        v = f"{r.randint(0, 3)}:" + v
    if r.random() < 0.02:
        v = r.choice(["", "x:1", "1.0-"])
    return v


def semver(r, npm=False):
    v = ".".join(num(r, big=r.random() < 0.02) for _ in range(3))
    if r.random() < 0.35:
        ids = [r.choice(["alpha", "beta", "rc", "pre", "0", "1", "11", "x-y", "SNAPSHOT", num(r), "a" + num(r)]) for _ in range(r.randint(1, 3))]
        v += "-" + ".".join(ids)
    if r.random() < 0.15:
        v += "+" + ".".join(r.choice(["build", "001", "sha", num(r)]) for _ in range(r.randint(1, 2)))
    if npm and r.random() < 0.1:
        v = r.choice(["v", " ", "  v"]) + v
    if r.random() < 0.04:
        v = r.choice(["1.2", "01.2.3", "1.2.3-", "1.2.3-01", "=1.2.3", "1.2.3.4", "x", ""])
    return v


def golang(r):
    if r.random() < 0.15:
        return f"v0.0.0-{r.randint(2019, 2025)}{r.randint(10, 12)}{r.randint(10, 28)}{r.randint(100000, 235959)}-{''.join(r.choice('0123456789abcdef') for _ in range(12))}"
    v = "v" + semver(r)
    if r.random() < 0.1:
        v = "v" + num(r) + (("." + num(r)) if r.random() < 0.5 else "")
    if r.random() < 0.05:
        v += "+incompatible"
    return v


def pypi(r):
    v = dotted(r, 1, 4)
    if r.random() < 0.1:
        v = f"{r.randint(1, 3)}!" + v
    if r.random() < 0.3:
        v += r.choice(["a", "b", "rc", "c", "alpha", "beta", "pre", "preview", ".a", "-rc", "_b"]) + (num(r) if r.random() < 0.7 else "")
    if r.random() < 0.2:
        v += r.choice([".post", "post", "-", ".rev", "-r"]) + num(r)
    if r.random() < 0.2:
        v += r.choice([".dev", "dev", "-dev"]) + (num(r) if r.random() < 0.7 else "")
    if r.random() < 0.1:
        v += "+" + r.choice(["ubuntu", "local", "cu118", "1", "abc.5", "a-b_c"])
    if r.random() < 0.05:
        v = r.choice(["v", "V", " "]) + v.upper() if r.random() < 0.5 else v.upper()
    if r.random() < 0.04:
        v = r.choice(["1.0.dev1.post1", "1..0", "1.0+", "latest", "", "1.0-foo"])
    return v


def maven(r):
    v = dotted(r, 1, 4)
    if r.random() < 0.4:
        sep = r.choice(["-", ".", ""])
        v += sep + r.choice(["alpha", "beta", "milestone", "rc", "cr", "SNAPSHOT", "ga", "final", "release", "sp", "a", "b", "m", "RC", "Final", "GA", "jre", "android", "foo"]) + (num(r) if r.random() < 0.5 else "")
    if r.random() < 0.1:
        v += "-" + dotted(r, 1, 2)
    return v


def gem(r):
    v = dotted(r, 1, 4)
    if r.random() < 0.3:
        v += r.choice([".pre", ".rc", ".beta", ".alpha", "a", ".a", "-rc"]) + (num(r) if r.random() < 0.6 else "")
    if r.random() < 0.03:
        v = r.choice(["", "1..0", "a", "1.0-", "junk"])
    return v


GENERATORS = {
    "deb": deb,
    "rpm": rpm,
    "npm": lambda r: semver(r, npm=True),
    "semver": semver,
    "cargo": semver,
    "golang": golang,
    "pypi": pypi,
    "maven": maven,
    "gem": gem,
}


def mutate(r, v, scheme):
    """A version close to `v`: often equal in value, or one rule away."""
    choices = [
        lambda s: s,
        lambda s: s + ".0",
        lambda s: s.replace(".", "_", 1) if scheme in ("rpm", "deb") else s,
        lambda s: s + r.choice(["~1", "a", ".1", "-1", "+1", "rc1", "-rc.1"]),
        lambda s: s.upper(),
        lambda s: "0" + s if s[:1].isdigit() else s,
        lambda s: s[:-1] if len(s) > 1 else s,
    ]
    return r.choice(choices)(v)


def compare_cases(scheme, n, seed):
    r = random.Random(seed)
    g = GENERATORS[scheme]
    out = []
    for _ in range(n):
        a = g(r)
        b = mutate(r, a, scheme) if r.random() < 0.35 else g(r)
        out.append((a, b))
    return out


NPM_OPS = ["", "=", ">", ">=", "<", "<=", "^", "~", "~>"]


def npm_partial(r):
    parts = [num(r)]
    if r.random() < 0.8:
        parts.append(r.choice([num(r), "x", "*"]) if r.random() < 0.8 else num(r))
        if r.random() < 0.8:
            parts.append(r.choice([num(r), "x", "X", "*"]) if r.random() < 0.85 else num(r))
    v = ".".join(parts)
    if len(parts) == 3 and parts[2].isdigit() and r.random() < 0.2:
        v += "-" + r.choice(["alpha", "beta.1", "rc.2", "0", "pre"])
    return v


def npm_range(r):
    alts = []
    for _ in range(r.randint(1, 3)):
        kind = r.random()
        if kind < 0.15:
            alts.append(f"{npm_partial(r)} - {npm_partial(r)}")
        elif kind < 0.2:
            alts.append(r.choice(["*", "x", "", ">=0.0.0"]))
        else:
            comps = [r.choice(NPM_OPS) + r.choice(["", " "]) * (r.random() < 0.1) + npm_partial(r) for _ in range(r.randint(1, 2))]
            alts.append(" ".join(comps))
    s = " || ".join(alts)
    if r.random() < 0.03:
        s = r.choice(["not a range", ">=a.b.c", "1.2.3 -", "^^1", ">=1.2.3 foo"])
    return s


PYPI_OPS = ["~=", "==", "!=", "<=", ">=", "<", ">", "==="]


def pypi_spec(r):
    specs = []
    anchors = []
    for _ in range(r.randint(1, 3)):
        op = r.choice(PYPI_OPS)
        v = pypi(r)
        anchors.append(v)
        if op in ("==", "!=") and r.random() < 0.3:
            v = dotted(r, 1, 3) + ".*"
        elif op in ("==", "!=") and r.random() < 0.15:
            v += "+" + r.choice(["local", "1", "abc.5"])
        specs.append(op + r.choice(["", " ", ""]) + v)
    s = r.choice([",", ", ", " ,"]).join(specs)
    if r.random() < 0.03:
        s = r.choice(["lolwat", "~=1", "<1.0.*", ">=1.0+local", "", ">= 1.0, <", "==1.0a1.*"])
    return s, anchors


PYPI_RELEASE = re.compile(r"\s*[vV]?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*")


def pypi_probe(r, anchors):
    """A version to test against a specifier set: often one of its bound's family (the bound's
    release with other pre/post/dev/local parts, or one more or less segment), where `<`, `>`,
    `~=` and `.*` differ most."""
    if anchors and r.random() < 0.35:
        m = PYPI_RELEASE.match(r.choice(anchors))
        if m:
            release = m.group(0).strip()
            if r.random() < 0.3:
                release += r.choice([".0", ".1", ".9"])
            elif r.random() < 0.2 and "." in release:
                release = release.rsplit(".", 1)[0]
            suffix = ""
            if r.random() < 0.5:
                suffix += r.choice(["a", "b", "rc", "c"]) + r.choice(["", "0", "1", "2"])
            if r.random() < 0.4:
                suffix += r.choice([".post", ".post0", ".post1", ".post2", "-1", ".rev1"])
            if r.random() < 0.4:
                suffix += r.choice([".dev", ".dev0", ".dev1", ".dev2"])
            if r.random() < 0.2:
                suffix += r.choice(["+local", "+1", "+abc.5"])
            return release + suffix
    if anchors and r.random() < 0.6:
        base = r.choice(anchors).split("+")[0].rstrip("*").rstrip(".")
        if not base or not base[-1:].isalnum():
            return pypi(r)
        return base + r.choice(["", "a1", ".dev0", ".post1", "+local", ".1", "rc2", ".0", ""])
    return pypi(r)


def maven_range(r):
    if r.random() < 0.1:
        return maven(r), []
    parts = []
    anchors = []
    for _ in range(r.randint(1, 3)):
        a, b = maven(r), maven(r)
        anchors += [a, b]
        kind = r.random()
        lo, hi = r.choice("[("), r.choice("])")
        if kind < 0.15:
            parts.append(f"[{a}]")
        elif kind < 0.3:
            parts.append(f"(,{b}{hi}")
        elif kind < 0.45:
            parts.append(f"{lo}{a},)")
        else:
            parts.append(f"{lo}{a},{b}{hi}")
    s = ",".join(parts)
    if r.random() < 0.03:
        s = r.choice(["[1.0", "(1.0)", "[1,2,3]", "[1.0,2.0]x", "", "[,]"])
    return s, anchors


def satisfies_cases(scheme, n, seed):
    r = random.Random(seed)
    if scheme == "npm":
        return [(npm_range(r), semver(r, npm=True)) for _ in range(n)]
    if scheme == "gem":
        out = []
        for _ in range(n):
            reqs, anchors = [], []
            for _ in range(r.randint(1, 2)):
                v = gem(r)
                anchors.append(v)
                reqs.append(r.choice(["", "=", "!=", ">", "<", ">=", "<=", "~>", "~> "]) + r.choice(["", " "]) + v)
            probe = r.choice(anchors) if r.random() < 0.3 else (mutate(r, r.choice(anchors), "gem") if r.random() < 0.3 else gem(r))
            out.append((", ".join(reqs), probe))
        return out
    if scheme == "maven":
        out = []
        for _ in range(n):
            spec, anchors = maven_range(r)
            probe = r.choice(anchors) if anchors and r.random() < 0.4 else maven(r)
            out.append((spec, probe))
        return out
    if scheme == "pypi":
        out = []
        for _ in range(n):
            spec, anchors = pypi_spec(r)
            out.append((spec, pypi_probe(r, anchors)))
        return out
    raise SystemExit(f"no range generator for {scheme}")


PURL_TYPES = ["npm", "maven", "pypi", "deb", "rpm", "apk", "golang", "nuget", "gem", "cargo", "generic",
              "github", "docker", "conan", "composer", "swift", "hex", "oci", "cpan", "hackage", "pub",
              "swid", "julia", "bitbucket", "unknowntype"]


def purl_segment(r, allow_special=True):
    alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-~"
    s = "".join(r.choice(alphabet) for _ in range(r.randint(1, 10)))
    if allow_special and r.random() < 0.15:
        s += r.choice(["%20", "%2F", "@", " ", "%40", "+", "é", "%C3%A9", ":", "%3A", "!", "%25"])
    return s


def purl(r):
    ty = r.choice(PURL_TYPES)
    if r.random() < 0.05:
        ty = ty.upper()
    parts = ["pkg:", ty, "/"]
    if r.random() < 0.6:
        ns = "/".join(purl_segment(r) for _ in range(r.randint(1, 2)))
        if ty == "npm" and r.random() < 0.5:
            ns = r.choice(["@", "%40"]) + ns
        parts += [ns, "/"]
    parts.append(purl_segment(r))
    if r.random() < 0.8:
        parts += ["@", r.choice([semver(r), pypi(r), deb(r), purl_segment(r)])]
    if r.random() < 0.3:
        qs = []
        for _ in range(r.randint(1, 3)):
            key = r.choice(["arch", "distro", "repository_url", "classifier", "type", "checksum", "os", "vcs_url", "file_name"])
            if r.random() < 0.05:
                key = key.upper()
            val = r.choice([purl_segment(r), "https://repo.example.com/x/", "sha256:abc,sha1:def", "x86_64", ""])
            qs.append(f"{key}={val}")
        parts += ["?", "&".join(qs)]
    if r.random() < 0.15:
        parts += ["#", "/".join(r.choice([purl_segment(r, False), ".", "..", ""]) for _ in range(r.randint(1, 3)))]
    s = "".join(parts)
    if r.random() < 0.05:
        s = r.choice(["pkg:", "pkg:/x", "npm/x@1", "pkg:3x/y", "pkg:maven/@1.0", "pkg:x/%zz", "pkg:npm/x?a"])
    return s


def purl_cases(n, seed):
    r = random.Random(seed)
    return [purl(r) for _ in range(n)]


# --- CPE -------------------------------------------------------------------------------------

CPE_WORDS = ["microsoft", "internet_explorer", "linux_kernel", "openssl", "busybox", "freertos", "windows_7",
             "8.0.6001", "1.1.1g", "2.4.1", "sp1", "beta", "x64", "win2003", "wordpress", "node.js", "nx-os",
             "foo", "bar", "Foo", "BAR", "a", "1", "0.9", "rc1", "-_-", "v2", "x86_64", "ja", "FooBar"]
CPE_PUNCT = ["\\!", "\\(", "\\)", "\\/", "\\:", "\\&", "\\,", "\\@", "\\~", "\\\\", "\\*", "\\?", "\\.", "\\$", "\\+"]


def cpe_fs_value(r, lang=False):
    x = r.random()
    if x < 0.25:
        return "*"
    if x < 0.32:
        return "-"
    if lang:
        return r.choice(["en", "en-us", "ja-jp", "de", "fr-ca", "ja", "EN-US", "zh-419"])
    v = r.choice(CPE_WORDS)
    if r.random() < 0.2:
        v += r.choice(CPE_PUNCT) + r.choice(CPE_WORDS)
    if r.random() < 0.1:
        v = r.choice(["*", "?", "??"]) + v
    if r.random() < 0.1:
        v = v + r.choice(["*", "?", "??"])
    return v


def cpe_fs(r):
    part = r.choice("aaaaoohh*-")
    vals = [cpe_fs_value(r, lang=(i == 5)) for i in range(10)]
    s = "cpe:2.3:" + part + ":" + ":".join(vals)
    if r.random() < 0.03:
        s = r.choice([s + ":*", s.replace("cpe:2.3", "cpe:2.2"), s.replace(":", "::", 1), s + "!",
                      "cpe:2.3:a:ven*dor:p:1:*:*:*:*:*:*:*", "cpe:2.3:x:a:b:c:*:*:*:*:*:*:*"])
    return s


def cpe_uri_value(r):
    x = r.random()
    if x < 0.25:
        return ""
    if x < 0.32:
        return "-"
    v = r.choice(CPE_WORDS).lower()
    if r.random() < 0.2:
        v += r.choice(["%21", "%28", "%2f", "%3a", "%26", "%2c", "%40", "%7e", "%5c", "%24", "%2b", "~"]) + r.choice(CPE_WORDS)
    if r.random() < 0.05:
        v = "%01" + v
    if r.random() < 0.05:
        v += r.choice(["%02", "%01", "%01%01"])
    return v


def cpe_uri(r):
    vals = [cpe_uri_value(r) for _ in range(6)]
    if r.random() < 0.25:
        vals[4] = "~" + "~".join(cpe_uri_value(r).replace("~", "") for _ in range(5))
    s = "cpe:/" + r.choice("aaohAO") + ":" + ":".join(vals[: r.randint(1, 6)])
    if r.random() < 0.03:
        s = r.choice(["cpe:/a:foo:b%zzr", "cpe:/x:foo", "cpe:/a:foo:bar:1:2:3:4:5", "cpe:/a:fo%02o"])
    return s


def cpe_parse_cases(n, seed):
    r = random.Random(seed)
    return [cpe_fs(r) if r.random() < 0.7 else cpe_uri(r) for _ in range(n)]


def cpe_derive(r, fields):
    """A name related to `fields` (the 11 FS values): some attributes widened, narrowed or changed."""
    out = list(fields)
    for i in range(11):
        y = r.random()
        if y < 0.12:
            out[i] = "*"
        elif y < 0.17:
            out[i] = "-"
        elif y < 0.22 and out[i] not in ("*", "-") and i not in (0, 6) and len(out[i].strip("*?")) > 1 \
                and not out[i].strip("*?")[-2:].startswith("\\"):
            w = out[i].strip("*?")
            out[i] = r.choice([w[: max(1, len(w) // 2)] + "*", "*" + w[len(w) // 2:], "?" + w[1:], w[:-1] + "?", w.upper()])
        elif y < 0.27 and i not in (0, 6):
            out[i] = r.choice(CPE_WORDS)
    return out


def cpe_match_cases(n, seed):
    r = random.Random(seed)
    cases = []
    while len(cases) < n:
        base = cpe_fs(r)
        if not base.startswith("cpe:2.3:") or base.count(":") != 12 or "\\:" in base:
            continue
        fields = base.split(":")[2:]
        src = "cpe:2.3:" + ":".join(cpe_derive(r, fields))
        tgt = "cpe:2.3:" + ":".join(cpe_derive(r, fields))
        if r.random() < 0.5:  # targets are usually concrete names
            tgt = "cpe:2.3:" + ":".join(f.strip("*?") or "*" for f in tgt.split(":")[2:])
        cases.append((src, tgt))
    return cases


# --- CVSS ------------------------------------------------------------------------------------

CVSS_TABLES = {
    "2.0": ("", [("AV", "LAN", 1), ("AC", "HML", 1), ("Au", "MSN", 1), ("C", "NPC", 1), ("I", "NPC", 1), ("A", "NPC", 1),
                 ("E", ["U", "POC", "F", "H", "ND"], 0), ("RL", ["OF", "TF", "W", "U", "ND"], 0), ("RC", ["UC", "UR", "C", "ND"], 0),
                 ("CDP", ["N", "L", "LM", "MH", "H", "ND"], 0), ("TD", ["N", "L", "M", "H", "ND"], 0),
                 ("CR", ["L", "M", "H", "ND"], 0), ("IR", ["L", "M", "H", "ND"], 0), ("AR", ["L", "M", "H", "ND"], 0)]),
    "3": ("", [("AV", "NALP", 1), ("AC", "LH", 1), ("PR", "NLH", 1), ("UI", "NR", 1), ("S", "UC", 1), ("C", "HLN", 1),
               ("I", "HLN", 1), ("A", "HLN", 1), ("E", "XHFPU", 0), ("RL", "XUWTO", 0), ("RC", "XCRU", 0), ("CR", "XHML", 0),
               ("IR", "XHML", 0), ("AR", "XHML", 0), ("MAV", "XNALP", 0), ("MAC", "XLH", 0), ("MPR", "XNLH", 0),
               ("MUI", "XNR", 0), ("MS", "XUC", 0), ("MC", "XHLN", 0), ("MI", "XHLN", 0), ("MA", "XHLN", 0)]),
    "4.0": ("CVSS:4.0/", [("AV", "NALP", 1), ("AC", "LH", 1), ("AT", "NP", 1), ("PR", "NLH", 1), ("UI", "NPA", 1),
                          ("VC", "HLN", 1), ("VI", "HLN", 1), ("VA", "HLN", 1), ("SC", "HLN", 1), ("SI", "HLN", 1), ("SA", "HLN", 1),
                          ("E", "XAPU", 0), ("CR", "XHML", 0), ("IR", "XHML", 0), ("AR", "XHML", 0), ("MAV", "XNALP", 0),
                          ("MAC", "XLH", 0), ("MAT", "XNP", 0), ("MPR", "XNLH", 0), ("MUI", "XNPA", 0), ("MVC", "XHLN", 0),
                          ("MVI", "XHLN", 0), ("MVA", "XHLN", 0), ("MSC", "XHLN", 0), ("MSI", "XSHLN", 0), ("MSA", "XSHLN", 0),
                          ("S", "XNP", 0), ("AU", "XNY", 0), ("R", "XAUI", 0), ("V", "XDC", 0), ("RE", "XLMH", 0),
                          ("U", ["X", "Clear", "Green", "Amber", "Red"], 0)]),
}


def cvss(r):
    version = r.choice(["2.0", "3.0", "3.1", "4.0", "4.0"])
    prefix, table = CVSS_TABLES["3" if version.startswith("3") else version]
    if version.startswith("3"):
        prefix = f"CVSS:{version}/"
    p_opt = r.choice([0.0, 0.3, 0.7, 1.0])
    parts = [f"{k}:{r.choice(list(vals))}" for k, vals, mandatory in table if mandatory or r.random() < p_opt]
    if r.random() < 0.1:
        r.shuffle(parts)
    v = prefix + "/".join(parts)
    if r.random() < 0.05:
        v = r.choice([v + "/", v.replace("/", "//", 1), v[: r.randint(0, len(v))], v + "/AV:N", v.replace(":", "", 1),
                      v + "/XX:Y", "CVSS:3.2/" + v.split("/", 1)[-1], v.replace("CVSS:4.0/", "CVSS:4.0/AV:Q/")])
    return v


def cvss_cases(n, seed):
    r = random.Random(seed)
    return [cvss(r) for _ in range(n)]
