#!/usr/bin/python3
"""Reference: rpm's own comparison (rpm.labelCompare over (epoch, version, release), Debian
package python3-rpm). An absent release is passed as None. stdin `A<TAB>B`, stdout -1/0/1."""
import sys
import rpm


def evr(s):
    epoch, sep, rest = s.partition(":")
    if not sep:
        epoch, rest = "0", s
    version, sep, release = rest.rpartition("-")
    if not sep:
        version, release = release, None
    return (epoch or "0", version, release)


for line in sys.stdin:
    a, _, b = line.rstrip("\n").partition("\t")
    try:
        print(rpm.labelCompare(evr(a), evr(b)))
    except Exception as e:  # noqa: BLE001
        print(f"error: {e}")
