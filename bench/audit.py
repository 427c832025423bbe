"""Supply chain: known vulnerabilities in both lock files (requirements/app.lock, rasa.lock).

    .venv/bin/python -m bench.audit [--pip-audit PATH] [--advisory-db DIR]

Runs pip-audit (PyPI JSON vulnerability service, no resolving: every pin is exact) on each lock
file and prints one table per file: package, version, vulnerability id, fixed in, explained.
pip-audit is not a project dependency; install it in a throwaway venv and point to it:

    python3 -m venv /tmp/audit-venv && /tmp/audit-venv/bin/pip install pip-audit
    PIP_AUDIT_VENV=/tmp/audit-venv .venv/bin/python -m bench.audit

--advisory-db DIR instead matches the pins offline against a checkout of
github.com/pypa/advisory-database (DIR/vulns/<package>/*.yaml, OSV format), for when pypi.org
is unreachable. Only as current as that checkout.

Exit 0 only if every package was audited and every finding is explained in
bench/data/audit_exceptions.yml (id -> reason); 1 if a finding is unexplained; 2 if the audit
could not run or skipped packages.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parent.parent
LOCKS = [ROOT / "requirements" / "app.lock", ROOT / "requirements" / "rasa.lock"]
EXCEPTIONS = ROOT / "bench" / "data" / "audit_exceptions.yml"
INSTALL_HINT = ("pip-audit not found. Install it outside the project venvs:\n"
                "  python3 -m venv /tmp/audit-venv && /tmp/audit-venv/bin/pip install pip-audit\n"
                "then run with PIP_AUDIT_VENV=/tmp/audit-venv or --pip-audit /tmp/audit-venv/bin/pip-audit")


def find_pip_audit(given):
    candidates = [given, os.environ.get("PIP_AUDIT_VENV") and Path(os.environ["PIP_AUDIT_VENV"]) / "bin" / "pip-audit",
                  shutil.which("pip-audit")]
    return next((str(c) for c in candidates if c and Path(c).is_file()), None)


def pins(lock):
    """{name: version} from 'name==version' lines."""
    out = {}
    for line in lock.read_text().splitlines():
        line = line.split("#")[0].strip()
        if "==" in line:
            name, version = line.split("==", 1)
            out[name.split("[")[0].strip()] = version.split(";")[0].strip()
    return out


def run_pip_audit(exe, lock):
    """(findings, skipped): findings as (package, version, id, fixed_in); skipped as (package, reason)."""
    cmd = [exe, "-r", str(lock), "--no-deps", "--disable-pip", "--vulnerability-service", "pypi",
           "--progress-spinner", "off", "--format", "json"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit failed on {lock.name} (exit {proc.returncode}):\n{proc.stderr.strip()[-2000:]}", file=sys.stderr)
        sys.exit(2)
    findings, skipped = [], []
    for dep in report["dependencies"]:
        if "skip_reason" in dep:
            skipped.append((dep["name"], dep["skip_reason"]))
        for vuln in dep.get("vulns", []):
            findings.append((dep["name"], dep["version"], vuln["id"], ", ".join(vuln["fix_versions"]) or "-"))
    return findings, skipped


def affected(version, entry):
    """True if version falls in an OSV 'affected' entry (explicit list or ECOSYSTEM ranges)."""
    if version in entry.get("versions", []):
        return True
    v = Version(version)
    for rng in entry.get("ranges", []):
        if rng.get("type") != "ECOSYSTEM":
            continue
        inside = False
        for event in rng["events"]:  # events are in order: introduced, fixed/last_affected, ...
            kind, at = next(iter(event.items()))
            at = Version("0") if at == "0" else Version(str(at))
            if kind == "introduced" and v >= at:
                inside = True
            elif (kind == "fixed" and v >= at) or (kind == "last_affected" and v > at):
                inside = False
        if inside:
            return True
    return False


def run_advisory_db(db, lock):
    findings, skipped = [], []
    vulns = Path(db) / "vulns"
    if not vulns.is_dir():
        print(f"{db} has no vulns/ directory (expected a pypa/advisory-database checkout)", file=sys.stderr)
        sys.exit(2)
    for name, version in pins(lock).items():
        folder = vulns / canonicalize_name(name)
        try:
            Version(version)
        except InvalidVersion:
            skipped.append((name, f"version {version} not comparable"))
            continue
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            advisory = yaml.safe_load(path.read_text())
            if advisory.get("withdrawn"):
                continue
            for entry in advisory.get("affected", []):
                if canonicalize_name(entry["package"]["name"]) == canonicalize_name(name) and affected(version, entry):
                    fixed = [str(e["fixed"]) for r in entry.get("ranges", []) if r.get("type") == "ECOSYSTEM"
                             for e in r["events"] if "fixed" in e]
                    findings.append((name, version, advisory["id"], ", ".join(fixed) or "-"))
    return findings, skipped


def table(rows, header):
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths]] + rows:
        print("  ".join(str(cell).ljust(w) for cell, w in zip(row, widths)).rstrip())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pip-audit", help="path to the pip-audit executable")
    parser.add_argument("--advisory-db", help="offline: a pypa/advisory-database checkout instead of pip-audit")
    args = parser.parse_args()
    exceptions = (yaml.safe_load(EXCEPTIONS.read_text()) if EXCEPTIONS.exists() else None) or {}
    exe = None if args.advisory_db else find_pip_audit(args.pip_audit)
    if not args.advisory_db and not exe:
        print(INSTALL_HINT, file=sys.stderr)
        return 2
    status = 0
    for lock in LOCKS:
        findings, skipped = run_advisory_db(args.advisory_db, lock) if args.advisory_db else run_pip_audit(exe, lock)
        source = f"advisory-db {args.advisory_db}" if args.advisory_db else "pip-audit / PyPI"
        print(f"\n{lock.relative_to(ROOT)} ({len(pins(lock))} pins, {source}): "
              f"{len(findings)} findings, {len(skipped)} not audited")
        rows = [[p, v, i, f, "yes" if i in exceptions else "NO"] for p, v, i, f in findings]
        if rows:
            table(rows, ["package", "version", "id", "fixed in", "explained"])
        if any(r[4] == "NO" for r in rows):
            status = max(status, 1)
        if skipped:
            status = 2
            print(f"not audited: {len(skipped)} packages; first: {skipped[0][1]}")
    print("\nresult:", {0: "no unexplained findings", 1: "unexplained findings", 2: "audit incomplete"}[status])
    return status


if __name__ == "__main__":
    sys.exit(main())
