#!/usr/bin/env python3
"""Golden CLI tests: each tests/cli/*.t file holds cases that read like a session.

    # comment (ignored)
    $ trawl run -f csv tests/data/x.xml      command, run by bash from the repo root
    EventCode,dest                           expected stdout, compared byte for byte
    ! trawl: x.xml:3: malformed event        expected stderr (when any '!' line is given,
                                             stderr must match exactly)
    ? 3                                      expected exit code (default 0)

`trawl` runs the binary named by $TRAWL (default build/san/trawl, sanitizers on).
A line '\\' alone stands for an empty expected stdout line. A case whose command
names ../shared/ (the reference data beside the checkout) is skipped, and counted,
when ../shared is absent. Prints one line per failure with a diff, then
'N passed, N failed, N skipped'."""
import difflib, glob, os, subprocess, sys

TRAWL = os.environ.get("TRAWL", "build/san/trawl")
SHARED = os.path.isdir("../shared")
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def parse(path):
    cases, cur = [], None
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("$ "):
                cur = {"cmd": line[2:], "out": [], "err": None, "rc": 0,
                       "where": f"{path}:{lineno}", "first": lineno, "last": lineno}
                cases.append(cur)
            elif cur is None or line.startswith("# ") or line == "#":
                cur = None
                continue
            else:
                cur["last"] = lineno
            if cur is None or line.startswith("$ "):
                continue
            elif line.startswith("! ") or line == "!":
                cur["err"] = (cur["err"] or []) + [line[2:]]
            elif line.startswith("? "):
                cur["rc"] = int(line[2:])
            elif line == "\\":
                cur["out"].append("")
            elif line == "":
                continue
            else:
                cur["out"].append(line)
    return cases


def rewrite(path):
    """UPDATE_GOLDEN=1: writes what the failing cases printed as their expectation.
    Review the diff before committing: this records behaviour, it does not check it."""
    lines = open(path, encoding="utf-8").read().split("\n")
    for case in reversed(parse_with_results.get(path, [])):
        if "new" not in case:
            continue
        out, err, rc = case["new"]
        block = ["$ " + case["cmd"]] + [l if l else "\\" for l in out]
        block += ["! " + l for l in (err or [])]
        if rc:
            block.append(f"? {rc}")
        block.append("")
        end = case["last"]
        while end < len(lines) and lines[end] == "":
            end += 1
        lines[case["first"] - 1:end] = block
    open(path, "w", encoding="utf-8").write("\n".join(lines))


parse_with_results = {}


def run(case):
    cmd = case["cmd"]
    if cmd.startswith("trawl "):
        cmd = TRAWL + cmd[5:]
    for sep in ("| ", "&& ", "; "):
        cmd = cmd.replace(sep + "trawl ", sep + TRAWL + " ")
    env = dict(os.environ, TZ="UTC", LC_ALL="C")
    p = subprocess.run(["bash", "-c", cmd], capture_output=True, env=env, timeout=120)
    out = p.stdout.decode("utf-8", "replace").split("\n")
    if out and out[-1] == "":
        out.pop()
    out = [l for l in out if l != ""]
    err = [l for l in p.stderr.decode("utf-8", "replace").split("\n") if l != ""]
    return out, err, p.returncode


def main():
    files = sys.argv[1:] or sorted(glob.glob("tests/cli/*.t"))
    passed = failed = skipped = 0
    for path in files:
        parse_with_results[path] = parse(path)
        for case in parse_with_results[path]:
            if not SHARED and "../shared/" in case["cmd"]:
                skipped += 1
                continue
            out, err, rc = run(case)
            problems = []
            if out != case["out"]:
                diff = "\n".join(difflib.unified_diff(case["out"], out, "expected", "actual", lineterm=""))
                problems.append("stdout differs:\n" + diff)
            if case["err"] is not None and err != case["err"]:
                diff = "\n".join(difflib.unified_diff(case["err"], err, "expected", "actual", lineterm=""))
                problems.append("stderr differs:\n" + diff)
            if rc != case["rc"]:
                problems.append(f"exit code {rc}, expected {case['rc']}\nstderr: " + "\n".join(err[-5:]))
            if problems and UPDATE:
                case["new"] = (out, err if case["err"] is not None else None, rc)
            if problems:
                failed += 1
                print(f"FAIL {case['where']}: $ {case['cmd']}")
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                passed += 1
        if UPDATE:
            rewrite(path)
    note = " (../shared absent)" if skipped else ""
    print(f"golden: {passed} passed, {failed} failed, {skipped} skipped{note}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
