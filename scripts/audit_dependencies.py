"""Audit the installed dependencies against the public advisory databases (CI runs this).

``python scripts/audit_dependencies.py``: ``pip-audit`` over the Python packages installed in
the environment (what ``make install`` resolved from pyproject.toml) and ``npm audit`` over
package-lock.json (production packages: what is served to browsers). A known vulnerability
fails the run (exit 1). An advisory database that cannot be reached is reported plainly and is
not fatal (exit 0): CI machines may have no route to it, and "not audited" must never read as
"no vulnerabilities".
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 300  # seconds each audit may take; a black-holed network must not hang CI


def python_findings() -> tuple[list[str], str]:
    """(vulnerabilities found, a note when the audit could not be made)."""
    pip_audit = Path(sys.executable).with_name("pip-audit")
    if not pip_audit.exists():
        return [], "pip-audit is not installed: Python dependencies NOT audited"
    try:
        done = subprocess.run([str(pip_audit), "--skip-editable", "--progress-spinner", "off", "-f", "json"],
                              capture_output=True, text=True, timeout=TIMEOUT)
    except (subprocess.TimeoutExpired, OSError) as exc:
        return [], f"pip-audit did not finish ({type(exc).__name__}): Python dependencies NOT audited"
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [], f"pip-audit could not reach its advisory database: Python dependencies NOT audited " \
                   f"({(done.stderr.strip().splitlines() or ['no output'])[-1][:200]})"
    dependencies = report.get("dependencies", [])
    audited = [d for d in dependencies if "skip_reason" not in d]
    found = [f"{d['name']} {d['version']}: {v['id']} (fixed in {', '.join(v.get('fix_versions') or ['no release yet'])})"
             for d in audited for v in d.get("vulns", [])]
    if dependencies and not audited:
        return found, (f"the advisory database answered for none of the {len(dependencies)} Python packages "
                       "(no route to it from here): Python dependencies NOT audited")
    return found, ""


def npm_findings() -> tuple[list[str], str]:
    npm = shutil.which("npm")
    if npm is None:
        return [], "npm is not installed: JavaScript dependencies NOT audited"
    try:
        done = subprocess.run([npm, "audit", "--omit=dev", "--json"], cwd=ROOT, capture_output=True, text=True,
                              timeout=TIMEOUT)
    except (subprocess.TimeoutExpired, OSError) as exc:
        return [], f"npm audit did not finish ({type(exc).__name__}): JavaScript dependencies NOT audited"
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        return [], "npm audit gave no report: JavaScript dependencies NOT audited"
    if "error" in report:
        return [], f"npm audit could not reach its advisory database: JavaScript dependencies NOT audited " \
                   f"({str(report['error'].get('summary', ''))[:200]})"
    return [f"{name}: {v.get('severity')} ({', '.join(str(s.get('title', s)) if isinstance(s, dict) else s for s in v.get('via', []))})"
            for name, v in report.get("vulnerabilities", {}).items()], ""


def main() -> int:
    failed = False
    for label, (found, note) in (("Python", python_findings()), ("JavaScript", npm_findings())):
        if note:
            print(f"audit: {label}: {note}")
        for line in found:
            print(f"audit: {label}: VULNERABLE {line}")
        if found:
            failed = True
        elif not note:
            print(f"audit: {label}: no known vulnerabilities")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
