"""Executes every notebook in this folder from top to bottom and fails on any cell error.

    python3 notebooks/run_notebooks.py --demo DIR [--out DIR]   # builds a small demo warehouse first (bin/optout demo)
    python3 notebooks/run_notebooks.py --warehouse PATH --in-place   # refresh the committed outputs

Needs nbclient, ipykernel, pandas and matplotlib (Debian: python3-nbclient python3-ipykernel
python3-pandas python3-matplotlib; .ci/run installs them). When the interpreter running this script
lacks them but Debian's /usr/bin/python3 has them, it re-runs itself there. Missing everywhere is a
failure, not a skip. `./mvnw verify` runs it (integration-test phase, after the jar is packaged).
"""

import argparse
import glob
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
NEEDED = "import nbclient, nbformat, ipykernel, pandas, matplotlib"


def ensure_interpreter():
    try:
        exec(NEEDED)
        return
    except ImportError as missing:
        system = "/usr/bin/python3"
        if os.path.realpath(sys.executable) != os.path.realpath(system) and os.path.exists(system) \
                and subprocess.run([system, "-c", NEEDED], capture_output=True).returncode == 0:
            os.execv(system, [system] + sys.argv)
        sys.exit(f"run_notebooks: {missing}; install python3-nbclient python3-ipykernel python3-pandas "
                 f"python3-matplotlib (apt-get) or pip install nbclient ipykernel pandas matplotlib")


def demo_warehouse(folder, users, days):
    """bin/optout demo with a small sample: one JVM writes lake, warehouse, export and report."""
    started = time.time()
    done = subprocess.run([os.path.join(REPO, "bin", "optout"), "demo", "--users", str(users), "--days", str(days),
                           "--data", folder], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    if done.returncode != 0:
        sys.exit(f"run_notebooks: bin/optout demo failed ({done.returncode}):\n{done.stdout[-4000:]}")
    report = [line for line in done.stdout.splitlines() if line.startswith("Report written to ")]
    if not report or not os.path.isfile(report[0].split(" ")[3]):
        sys.exit("run_notebooks: the demo did not write its report:\n" + done.stdout[-2000:])
    print(f"demo warehouse in {folder} ({time.time() - started:.0f} s); {report[0]}")
    return os.path.join(folder, "warehouse")


def execute(path, out_path):
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    started = time.time()
    nbclient.NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": HERE}}).execute()
    nbformat.write(notebook, out_path)
    print(f"executed {os.path.relpath(path, REPO)} without errors in {time.time() - started:.0f} s -> {out_path}")


def main():
    ensure_interpreter()
    parser = argparse.ArgumentParser()
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--warehouse", help="an existing warehouse")
    source.add_argument("--demo", help="folder for a small demo lake and warehouse (built here)")
    parser.add_argument("--users", type=int, default=600)
    parser.add_argument("--days", type=int, default=35)
    parser.add_argument("--out", help="folder for the executed copies (default: next to the demo folder)")
    parser.add_argument("--in-place", action="store_true", help="write the outputs into the notebooks themselves")
    args = parser.parse_args()

    warehouse = (os.path.abspath(args.warehouse) if args.warehouse
                 else demo_warehouse(os.path.abspath(args.demo), args.users, args.days))
    os.environ["OPTOUT_WAREHOUSE"] = warehouse
    out = args.out or os.path.join(os.path.dirname(os.path.abspath(args.demo or args.warehouse)), "notebooks-executed")
    os.makedirs(out, exist_ok=True)
    notebooks = sorted(glob.glob(os.path.join(HERE, "*.ipynb")))
    if not notebooks:
        sys.exit("run_notebooks: no notebooks in " + HERE)
    for path in notebooks:
        try:
            execute(path, path if args.in_place else os.path.join(out, os.path.basename(path)))
        except Exception as error:  # nbclient's CellExecutionError names the cell and its traceback
            sys.exit(f"run_notebooks: {os.path.basename(path)} failed:\n{error}")


if __name__ == "__main__":
    main()
