#!/usr/bin/python3
"""Reference: Debian's own comparison (python-apt's apt_pkg.version_compare, Debian package
python3-apt; run with the system Python). stdin `A<TAB>B`, stdout -1/0/1."""
import sys
import apt_pkg

apt_pkg.init()
for line in sys.stdin:
    a, _, b = line.rstrip("\n").partition("\t")
    try:
        c = apt_pkg.version_compare(a, b)
        print(-1 if c < 0 else (1 if c > 0 else 0))
    except Exception as e:  # noqa: BLE001 - any failure is an answer
        print(f"error: {e}")
