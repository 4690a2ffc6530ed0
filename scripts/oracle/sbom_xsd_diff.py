#!/usr/bin/env python3
"""Differential check of CycloneDX XML schema verdicts: medcyber (libxml2) against two
references, CycloneDX's own `cyclonedx-python-lib` XML validator (lxml, that is libxml2, over
its bundled XSDs) and Python `xmlschema` (an independent XSD 1.0 implementation).

  scripts/peers/install                     # once (cyclonedx-python-lib, lxml, xmlschema)
  scripts/oracle/sbom_xsd_diff.py -n 2000   # prints the agreement

Seeds are the `valid-*.xml` CycloneDX test resources (1.2–1.7); each generated document is a
seed with one to three random mutations of a random element (removed, duplicated, renamed,
moved after its next sibling, its text garbled, an attribute garbled, added or removed, an
unknown child added in the CycloneDX namespace or in a foreign one). medcyber validates all of
them in one `medcyber sbom validate --format json` run; the references are
`cyclonedx.validation.xml.XmlValidator` and `xmlschema.XMLSchema10` over medcyber's bundled XSDs
(the SPDX import pointed at the bundled `spdx.xsd`). Only the verdict (valid or not) is
compared. Known, explained differences with `xmlschema`: it validates an enveloped XML
signature (`ds:Signature`, admitted by the XSD's `xs:any processContents="lax"`) against the
XML-DSig schema it ships with, which neither libxml2-based validator knows; and it accepts any
string as `xs:anyURI` where libxml2 requires an RFC 3986 URI reference.
"""
import argparse
import copy
import glob
import json
import os
import random
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

PEERS = os.environ.get("PEERS", "/tmp/peers")
VENV = f"{PEERS}/venv/bin/python"
if os.path.exists(VENV) and os.path.realpath(sys.prefix) != os.path.realpath(f"{PEERS}/venv"):
    os.execv(VENV, [VENV, os.path.abspath(__file__)] + sys.argv[1:])

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "../.."))
DATA = os.environ.get("MEDCYBER_TEST_DATA", os.path.join(ROOT, "../shared/data"))
SCHEMAS = os.path.join(ROOT, "data/schemas/cyclonedx")
VERSIONS = ("1.2", "1.3", "1.4", "1.5", "1.6", "1.7")
GARBAGE = ["", "x", "not-a-date", "2020-13-45T00:00:00Z", "urn:uuid:zzz", "-1", "library!", "true!"]


def cyclonedx_validators():
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.xml import XmlValidator
    return {v: XmlValidator(SchemaVersion.from_version(v)) for v in VERSIONS}


def validators(scratch):
    import xmlschema
    spdx = os.path.join(scratch, "spdx.xsd")
    with open(os.path.join(SCHEMAS, "spdx.xsd"), encoding="utf-8") as f:
        text = f.read()
    with open(spdx, "w", encoding="utf-8") as f:
        f.write(text)
    out = {}
    for v in VERSIONS:
        with open(os.path.join(SCHEMAS, f"bom-{v}.xsd"), encoding="utf-8") as f:
            text = f.read()
        text = text.replace('schemaLocation="http://cyclonedx.org/schema/spdx"', 'schemaLocation="spdx.xsd"')
        path = os.path.join(scratch, f"bom-{v}.xsd")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        out[v] = xmlschema.XMLSchema10(path)
    return out


def seeds():
    out = []
    for v in VERSIONS:
        for path in sorted(glob.glob(f"{DATA}/cyclonedx-spec/test-resources/{v}/valid-*.xml")):
            with open(path, "rb") as f:
                raw = f.read()
            if b"<!DOCTYPE" in raw:
                continue
            out.append((v, ET.fromstring(raw)))
    return out


def mutate(r, root, ns):
    elements = [(parent, child) for parent in root.iter() for child in list(parent)]
    if not elements:
        return
    parent, element = r.choice(elements)
    kind = r.randrange(9)
    index = list(parent).index(element)
    if kind == 0:
        parent.remove(element)
    elif kind == 1:
        parent.insert(index, copy.deepcopy(element))
    elif kind == 2:
        element.tag = element.tag + "_"
    elif kind == 3 and index + 1 < len(parent):
        parent.remove(element)
        parent.insert(index + 1, element)
    elif kind == 4:
        element.text = r.choice(GARBAGE + [(element.text or "") + "!"])
    elif kind == 5 and element.attrib:
        key = r.choice(list(element.attrib))
        element.set(key, r.choice(GARBAGE))
    elif kind == 6:
        element.set(r.choice(["foo", "bom-ref", "type", "version"]), r.choice(GARBAGE))
    elif kind == 7 and element.attrib:
        del element.attrib[r.choice(list(element.attrib))]
    elif kind == 8:
        where = r.choice([ns, "https://example.com/ext"])
        extra = ET.SubElement(element, f"{{{where}}}extra")
        extra.text = "v"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bin", default=os.path.join(ROOT, "target/release/medcyber"))
    ap.add_argument("--show", type=int, default=10)
    ap.add_argument("--keep", help="write the generated documents to this directory and keep them")
    args = ap.parse_args()
    r = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as scratch:
        refs = validators(scratch)
        official = cyclonedx_validators()
        base = seeds()
        tmp = args.keep or scratch
        os.makedirs(tmp, exist_ok=True)
        cases = []
        for i in range(args.n):
            version, seed = r.choice(base)
            ns = f"http://cyclonedx.org/schema/bom/{version}"
            root = copy.deepcopy(seed)
            if r.random() < 0.8:
                for _ in range(r.randint(1, 3)):
                    mutate(r, root, ns)
            ET.register_namespace("", ns)
            text = ET.tostring(root, encoding="unicode")
            path = os.path.join(tmp, f"{i}.xml")
            with open(path, "w", encoding="utf-8") as f:
                f.write('<?xml version="1.0" encoding="UTF-8"?>\n' + text)
            error = next(refs[version].iter_errors(path), None)
            reason = "" if error is None else re.sub(r"\s+", " ", str(error.reason or error.message))[:200]
            with open(path, encoding="utf-8") as f:
                official_error = official[version].validate_str(f.read())
            cases.append((path, version, {"cyclonedx-python-lib": official_error is None,
                                          "xmlschema": error is None}, reason))
        out = subprocess.run([args.bin, "sbom", "validate", "--format", "json"] + [c[0] for c in cases],
                             capture_output=True, text=True, check=False).stdout.splitlines()
        verdicts = {}
        ours_reason = {}
        for line in out:
            rec = json.loads(line)
            verdicts[rec["file"]] = rec.get("valid")
            errors = rec.get("errors") or [{"message": rec.get("error", "")}]
            ours_reason[rec["file"]] = errors[0].get("message", "")[:200]
        for name in ("cyclonedx-python-lib", "xmlschema"):
            agree = 0
            shown = 0
            for path, version, expected, reason in cases:
                ours = verdicts.get(path)
                if ours == expected[name]:
                    agree += 1
                elif shown < args.show:
                    shown += 1
                    print(f"  {version}: medcyber {ours}, {name} {expected[name]} ({os.path.basename(path)})")
                    if name == "xmlschema" and reason:
                        print(f"    xmlschema: {reason}")
                    else:
                        print(f"    medcyber: {ours_reason.get(path)}")
            valid = sum(1 for c in cases if c[2][name])
            print(f"{name}: {agree}/{len(cases)} agree ({100 * agree / len(cases):.2f}%); "
                  f"{valid} valid and {len(cases) - valid} invalid by it")


if __name__ == "__main__":
    sys.exit(main())
