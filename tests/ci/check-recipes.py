#!/usr/bin/env python3
"""check-recipes.py: the CI recipes in examples/ci/, checked as far as can be
without GitHub or GitLab: each parses as YAML and has the structure and keys
its service requires, every shell script in it passes `bash -n` (`sh -n`
for the pre-receive hook), and every okr command and flag it uses exists
(asked of the okr under test with `okr <command> -h`).

Usage: check-recipes.py OKR SOURCE_ROOT. TAP on stdout; exit 77 (meson's
skip) without PyYAML (Debian: python3-yaml, installed by .ci/deps).
"""
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("1..0 # skip PyYAML is not installed (python3-yaml)")
    sys.exit(77)

OKR, ROOT = sys.argv[1], sys.argv[2]
CI = os.path.join(ROOT, "examples", "ci")
results = []


def test(name):
    def wrap(fn):
        try:
            fn()
            results.append((True, name, ""))
        except AssertionError as e:
            results.append((False, name, str(e)))
        return fn
    return wrap


def load(name):
    with open(os.path.join(CI, name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def need(cond, msg):
    if not cond:
        raise AssertionError(msg)


EXPR = re.compile(r"\$\{\{(.*?)\}\}", re.S)


def shell_ok(script, where, shell="bash"):
    """bash -n on a script, with ${{ ... }} expressions made words."""
    text = EXPR.sub("EXPR", script)
    p = subprocess.run([shell, "-n"], input=text, text=True, capture_output=True)
    need(p.returncode == 0, f"{where}: {shell} -n: {p.stderr.strip()}")


_help = {}


def okr_flags_ok(script, where):
    """Every `okr <command> --flag` in script is in `okr <command> -h`."""
    for line in script.splitlines():
        line = line.split("#", 1)[0] if not line.lstrip().startswith("echo") else ""
        for m in re.finditer(r"(?:^|[\s;|&(])okr\s+([a-z]+)([^|;&\n]*)", line):
            cmd, rest = m.group(1), m.group(2)
            if cmd not in _help:
                p = subprocess.run([OKR, cmd, "-h"], capture_output=True, text=True)
                need(p.returncode == 0, f"{where}: 'okr {cmd}' is not a command")
                _help[cmd] = p.stdout
            for flag in re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-z])\b", rest):
                need(re.search(r"(?<![\w-])" + re.escape(flag) + r"\b", _help[cmd]),
                     f"{where}: 'okr {cmd}' has no option {flag}")


def steps_ok(steps, where, composite=False):
    need(isinstance(steps, list) and steps, f"{where}: steps must be a non-empty list")
    ids = set()
    for i, st in enumerate(steps):
        w = f"{where} step {i + 1} ({st.get('name', '?')})"
        need(isinstance(st, dict), f"{w}: not a mapping")
        need(("uses" in st) != ("run" in st), f"{w}: needs exactly one of uses and run")
        if "uses" in st:
            need(re.fullmatch(r"[\w.-]+/[\w./-]+@[\w.-]+", st["uses"]),
                 f"{w}: uses '{st['uses']}' is not owner/repo@ref")
        else:
            need(isinstance(st["run"], str), f"{w}: run must be a string")
            if composite:
                need("shell" in st, f"{w}: a composite action's run step needs shell")
            shell_ok(st["run"], w)
            okr_flags_ok(st["run"], w)
        if "id" in st:
            need(st["id"] not in ids, f"{w}: id '{st['id']}' repeated")
            ids.add(st["id"])
        # steps.<id> in an expression names an earlier step
        for expr in EXPR.findall(yaml.safe_dump(st)) + (
                [st["if"]] if isinstance(st.get("if"), str) else []):
            for ref in re.findall(r"steps\.([\w-]+)\.", expr):
                need(ref in ids, f"{w}: refers to steps.{ref}, no earlier step has that id")
    return ids


def all_runs(steps):
    return "\n".join(st.get("run", "") for st in steps)


@test("github-actions.yml: a workflow with triggers and a job of steps")
def _():
    wf = load("github-actions.yml")
    need(isinstance(wf, dict), "not a mapping")
    on = wf.get("on", wf.get(True))     # YAML 1.1 reads a bare on: as true
    need(on and {"push", "pull_request"} <= set(on), "on: needs push and pull_request")
    need(isinstance(wf.get("jobs"), dict) and wf["jobs"], "jobs: missing")
    for name, job in wf["jobs"].items():
        need("runs-on" in job, f"job {name}: runs-on missing")
        steps_ok(job.get("steps"), f"job {name}")


@test("github-actions.yml: check with annotations, report in the summary and as an artifact")
def _():
    steps = load("github-actions.yml")["jobs"]["check"]["steps"]
    runs = all_runs(steps)
    need(re.search(r"okr check --format github", runs), "no okr check --format github")
    need(re.search(r"okr report.*\n.*>> \"\$GITHUB_STEP_SUMMARY\"", runs),
         "the report is not appended to $GITHUB_STEP_SUMMARY")
    up = [s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@")]
    need(up and up[0]["with"]["path"] == "okr-report.md", "no artifact of okr-report.md")
    need("cancelled()" in str(up[0].get("if")), "the artifact is not kept when the check fails")
    co = [s for s in steps if s.get("uses", "").startswith("actions/checkout@")]
    need(co and co[0].get("with", {}).get("fetch-depth") == 0,
         "checkout without fetch-depth: 0 gives the report no history")


@test("gitlab-ci.yml: a job with a script, a Code Quality report and the report as an artifact")
def _():
    ci = load("gitlab-ci.yml")
    jobs = {k: v for k, v in ci.items()
            if isinstance(v, dict) and ("script" in v) and not k.startswith(".")}
    need(jobs, "no job with a script")
    for name, job in jobs.items():
        need(isinstance(job["script"], list), f"{name}: script must be a list")
        script = "\n".join(job.get("before_script", []) + job["script"])
        shell_ok(script, f"job {name}")
        okr_flags_ok(script, f"job {name}")
        need("okr check --format gitlab > gl-code-quality-report.json" in script,
             f"{name}: no Code Quality report")
        need("okr report -o okr-report.md" in script, f"{name}: no okr report")
        art = job.get("artifacts", {})
        need(art.get("when") == "always", f"{name}: artifacts only on success")
        need(art.get("reports", {}).get("codequality") == "gl-code-quality-report.json",
             f"{name}: artifacts:reports:codequality missing")
        need("okr-report.md" in art.get("paths", []), f"{name}: the report is not an artifact")
        need(isinstance(ci.get("variables", {}), dict), "variables must be a mapping")


@test("action.yml: a composite action with described inputs, each used input declared")
def _():
    a = load("action.yml")
    for key in ("name", "description", "runs"):
        need(key in a, f"{key}: missing")
    need(a["runs"].get("using") == "composite", "runs.using must be composite")
    inputs = a.get("inputs", {})
    for name, inp in inputs.items():
        need("description" in inp, f"input {name}: no description")
        need(isinstance(inp.get("default", ""), str), f"input {name}: default must be a string")
    steps_ok(a["runs"]["steps"], "runs", composite=True)
    with open(os.path.join(CI, "action.yml"), encoding="utf-8") as f:
        text = f.read()
    for used in re.findall(r"inputs\.([\w-]+)", text):
        need(used in inputs, f"inputs.{used} is used but not declared")


@test("action.yml: builds okr from its own source, checks, reports to the summary, fails last")
def _():
    steps = load("action.yml")["runs"]["steps"]
    runs = all_runs(steps)
    need('"$GITHUB_ACTION_PATH/../.."' in runs, "does not build from the action's source")
    need(os.path.isfile(os.path.join(CI, "..", "..", "meson.build")),
         "action.yml is not two folders below meson.build")
    need(any(s.get("uses", "").startswith("actions/cache@") for s in steps), "no cache")
    need("okr check --format github" in runs, "no okr check with annotations")
    need(">> \"$GITHUB_STEP_SUMMARY\"" in runs, "no report in the summary")
    need(any(s.get("uses", "").startswith("actions/upload-artifact@") for s in steps),
         "the report is not kept")
    need(steps[-1].get("if", "").startswith("steps.check.outputs.status"),
         "the last step is not the one that fails on the check's status")


@test("pre-receive: a POSIX shell script that calls okr check --rev")
def _():
    path = os.path.join(CI, "pre-receive")
    need(os.access(path, os.X_OK), "not executable")
    with open(path, encoding="utf-8") as f:
        text = f.read()
    need(text.startswith("#!/bin/sh\n"), "no #!/bin/sh line")
    shell_ok(text, "pre-receive", shell="sh")
    okr_flags_ok(text.replace('"$okr"', "okr"), "pre-receive")
    need('check --rev "$new"' in text, "does not check the new tip")


n = len(results)
for i, (ok, name, msg) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {i} - {name}")
    if not ok:
        print(f"# {msg}")
print(f"1..{n}")
sys.exit(0 if all(r[0] for r in results) else 1)
