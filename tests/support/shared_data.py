"""shared_data.py - for the test scripts that read the reference data beside the
checkout (../shared: the EVTX corpus, the fixtures, security_content; README
"Tests and ../shared"): without it they say so in one line and pass nothing."""
import os, sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def require(name):
    """Exits 0 with 'NAME: skipped (../shared is absent)' when ../shared is absent."""
    if not os.path.isdir(os.path.join(ROOT, "..", "shared")):
        print(f"{name}: skipped (../shared is absent)")
        print("0 passed, 0 failed")
        sys.exit(0)
