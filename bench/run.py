"""Benchmark: import and the month-by-month metrics suite, against pandas in the same run.

    .venv/bin/python bench/run.py --rows 1000000     # default
    .venv/bin/python bench/run.py --rows 10000000
    .venv/bin/python bench/run.py --keep bench/out/10000000   # reuse data and database

Steps (docs/benchmarks.md explains them):
  generate   N tickets, N responses, N / 50 customers over 2025 (bench/generate.py)
  import     `cxm import customers|tickets|responses` as subprocesses (the real CLI, SQLite),
             wall time and peak RSS of each; the import also refreshes the analytics copy
  refresh    `cxm refresh` after deleting the analytics file: the full rebuild on its own
  suite      compute_metrics for every month of 2025 inside Replica(settings).fresh(), warm
             (the copy is current), median of --runs; and `cxm metrics ... --format json`
             wall time, median of --cli-runs
  by channel the same with --by channel
  pandas     bench/pandas_baseline.py on DataFrames read from the same CSV files, median of
             --pandas-runs; its numbers must equal the engine's (1e-6 relative)

Prints a table of medians and the engine / pandas ratio; writes results.json in the data
directory.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import pandas_baseline  # noqa: E402

from cxm.analytics.replica import Replica  # noqa: E402
from cxm.config import Settings  # noqa: E402
from cxm.metrics.engine import MetricsQuery, compute_metrics  # noqa: E402

FIRST, LAST = date(2025, 1, 1), date(2025, 12, 31)
ENTITIES = ("customers", "tickets", "responses")
CXM = Path(sys.executable).with_name("cxm")
TARGET_SUITE_S = 2.0
TARGET_RATIO = 5.0
TARGET_IMPORT_MB = 2048


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- subprocesses -------------------------------------------------------------------------


def measured(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, str]:
    """Run a command; (wall seconds, peak RSS of the child in MB, stdout)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, env=env, cwd=cwd, stdout=out, stderr=err, text=True)
        # os.wait4 gives this child's own rusage (ru_maxrss in KiB on Linux)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{stdout}\n{stderr}")
    return wall, usage.ru_maxrss / 1024, stdout


def env_for(data: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        CXM_DATABASE_URL=f"sqlite:///{data / 'cxm.db'}",
        CXM_ANALYTICS_PATH=str(data / "cxm.analytics.duckdb"),
        CXM_TIMEZONE="UTC",
        NO_COLOR="1",
    )
    return env


# -- steps --------------------------------------------------------------------------------


def do_import(data: Path, env: dict[str, str]) -> dict[str, Any]:
    for f in data.glob("cxm.*"):
        f.unlink()
    figures: dict[str, Any] = {}
    for entity in ENTITIES:
        log(f"import {entity} ...")
        wall, rss, out = measured([str(CXM), "import", entity, f"{entity}.csv"], env, data)
        log(f"  {out.strip()}  ({wall:.1f} s, peak RSS {rss:,.0f} MB)")
        figures[entity] = {"seconds": wall, "peak_rss_mb": rss}
    analytics = data / "cxm.analytics.duckdb"
    analytics.unlink()
    log("refresh (full rebuild of the analytics copy) ...")
    wall, rss, out = measured([str(CXM), "refresh"], env, data)
    log(f"  {out.strip()}  ({wall:.1f} s, peak RSS {rss:,.0f} MB)")
    figures["refresh"] = {"seconds": wall, "peak_rss_mb": rss}
    figures["sizes_mb"] = {
        f.name: f.stat().st_size / 1e6 for f in sorted(data.iterdir()) if f.is_file()
    }
    return figures


class TimedConnection:
    """Passes queries to a DuckDB connection, timing each one (execute + fetch)."""

    def __init__(self, con: Any) -> None:
        self.con = con
        self.times: list[tuple[str, float]] = []

    def execute(self, sql: str, params: Any = None) -> _Timed:
        return _Timed(self, sql, lambda: self.con.execute(sql, params))

    def sql(self, sql: str, params: Any = None) -> _Timed:
        return _Timed(self, sql, lambda: self.con.sql(sql, params=params))


class _Timed:
    """A query run and timed when its rows are fetched, in whichever form."""

    def __init__(self, timed: TimedConnection, sql: str, run: Callable[[], Any]) -> None:
        self.timed, self.sql, self.run = timed, sql, run

    def _fetch(self, how: str) -> Any:
        started = time.perf_counter()
        found = getattr(self.run(), how)()
        self.timed.times.append((self.sql, time.perf_counter() - started))
        return found

    def fetchall(self) -> list[Any]:
        return self._fetch("fetchall")  # type: ignore[no-any-return]

    def fetchone(self) -> Any:
        return self._fetch("fetchone")

    def fetchnumpy(self) -> Any:
        return self._fetch("fetchnumpy")

    def to_arrow_table(self) -> Any:
        return self._fetch("to_arrow_table")


def query_label(sql: str) -> str:
    s = " ".join(sql.split())
    if "information_schema" in s:
        return "segments: columns"
    if "attribute_keys" in s:
        return "segments: attributes"
    if "customers t WHERE" in s:
        return "population (customers)"
    for table in ("responses", "tickets", "revenue", "spend"):
        if f"FROM {table} t" in s:
            return f"aggregates: {table}"
    return s[:60]


def median_time(
    fn: Callable[[], Any], runs: int, before: Callable[[], None] = lambda: None
) -> tuple[float, list[float], Any]:
    """Median wall time of `fn` over `runs`, each after an untimed `before()`."""
    times, result = [], None
    for _ in range(runs):
        before()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times, result


def engine_suite(settings: Settings, query: MetricsQuery, runs: int) -> dict[str, Any]:
    def whole() -> list[dict]:
        with Replica(settings).fresh() as con:
            return compute_metrics(con, query)

    whole()  # warm-up (and makes sure the copy is current)
    os.sync()  # a rebuild's writes must not be flushed while timing
    # as a command: the copy opened afresh, not the instance this process keeps for a moment
    med, times, rows = median_time(whole, runs, before=Replica(settings).release)
    # the same queries on an open connection, each timed
    per_query: dict[str, list[float]] = defaultdict(list)
    inner: list[float] = []
    with Replica(settings).fresh() as con:
        for _ in range(runs):
            timed = TimedConnection(con)
            started = time.perf_counter()
            compute_metrics(timed, query)  # type: ignore[arg-type]
            inner.append(time.perf_counter() - started)
            for sql, t in timed.times:
                per_query[query_label(sql)].append(t)
    return {
        "median_s": med,
        "runs_s": times,
        "compute_only_median_s": statistics.median(inner),
        "per_query_median_s": {k: statistics.median(v) for k, v in per_query.items()},
        "rows": rows,
    }


def cli_suite(env: dict[str, str], data: Path, by: str | None, runs: int) -> dict[str, Any]:
    args = [str(CXM), "metrics", "--from", str(FIRST), "--to", str(LAST), "--format", "json"]
    if by:
        args += ["--by", by]
    times = []
    rows = None
    for _ in range(runs):
        wall, _, out = measured(args, env, data)
        times.append(wall)
        rows = json.loads(out)
    return {"median_s": statistics.median(times), "runs_s": times, "rows": rows}


def pandas_suite(frames: Any, by: str | None, runs: int) -> dict[str, Any]:
    med, times, result = median_time(lambda: pandas_baseline.suite(frames, FIRST, LAST, by), runs)
    return {"median_s": med, "runs_s": times, "result": result}


def check(label: str, engine_rows: list[dict], by: str | None, expected: dict) -> int:
    problems = pandas_baseline.compare(engine_rows, by, expected)
    if not problems:
        log(
            f"check {label}: engine == pandas on {len(expected)} rows x "
            f"{len(pandas_baseline.COMPARED)} keys"
        )
        return 0
    bar = "!" * 78
    print(bar)
    print(f"MISMATCH ({label}): {len(problems)} differences between the engine and pandas")
    for key, name, x, y in problems[:40]:
        print(f"  {key}  {name}: engine={x!r}  pandas={y!r}")
    if len(problems) > 40:
        print(f"  ... and {len(problems) - 40} more")
    print(bar)
    return len(problems)


# -- main ---------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except OSError:
        mem_kb = 0
    import duckdb
    import pandas
    import pyarrow

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem_kb / 2**20, 1),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "pandas": pandas.__version__,
        "pyarrow": pyarrow.__version__,
        "sqlite": __import__("sqlite3").sqlite_version,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="cxm benchmark (see docs/benchmarks.md)")
    parser.add_argument("--rows", type=int, default=None, help="tickets and responses (1 M)")
    parser.add_argument("--keep", type=Path, default=None, help="reuse data and database in DIR")
    parser.add_argument("--runs", type=int, default=5, help="engine runs per suite")
    parser.add_argument("--cli-runs", type=int, default=3)
    parser.add_argument("--pandas-runs", type=int, default=3)
    args = parser.parse_args()

    if args.keep:
        data = args.keep.resolve()
        earlier = data / "results.json"
        rows = args.rows or (json.loads(earlier.read_text())["rows"] if earlier.exists() else 0)
        if not rows:
            raise SystemExit("--keep DIR: give --rows too (no results.json in DIR)")
    else:
        rows = args.rows or 1_000_000
        data = HERE / "out" / str(rows)
        if data.exists():
            shutil.rmtree(data)
    env = env_for(data)
    results: dict[str, Any] = {"rows": rows, "machine": machine()}
    log(f"{rows:,} tickets + {rows:,} responses in {data}")

    started = time.perf_counter()
    generate.generate(data, rows)
    results["generate_s"] = time.perf_counter() - started
    log(f"generated in {results['generate_s']:.1f} s")

    recorded = data / "import.json"
    if args.keep and recorded.exists() and (data / "cxm.db").exists():
        results["import"] = json.loads(recorded.read_text())
        results["import"]["reused"] = True
        log("import: reusing the imported database (figures from the run that imported it)")
    else:
        results["import"] = do_import(data, env)
        recorded.write_text(json.dumps(results["import"], indent=2))

    settings = Settings(
        database_url=env["CXM_DATABASE_URL"],
        timezone="UTC",
        analytics_path=env["CXM_ANALYTICS_PATH"],
    )
    # cxm first, in a process that holds no DataFrames yet; then pandas
    suites = (("suite", None), ("by channel", "channel"))
    engine_rows: dict[str, tuple[list[dict], list[dict]]] = {}
    for label, by in suites:
        query = MetricsQuery(FIRST, LAST, by=by)
        log(f"{label}: engine x {args.runs} ...")
        eng = engine_suite(settings, query, args.runs)
        log(f"{label}: cxm metrics CLI x {args.cli_runs} ...")
        cli = cli_suite(env, data, by, args.cli_runs)
        engine_rows[label] = (eng.pop("rows"), cli.pop("rows"))
        results[label] = {"engine": eng, "cli": cli, "rows": len(engine_rows[label][0])}

    log("pandas: loading the CSV files ...")
    started = time.perf_counter()
    raw = pandas_baseline.load(data)
    results["pandas_load_s"] = time.perf_counter() - started
    results["pandas_prepare_s"], results["pandas_prepare_runs_s"], frames = median_time(
        lambda: pandas_baseline.prepare(raw, "UTC"), args.pandas_runs
    )
    log(f"  load {results['pandas_load_s']:.1f} s, prepare {results['pandas_prepare_s']:.2f} s")
    mismatches = 0
    for label, by in suites:
        log(f"{label}: pandas x {args.pandas_runs} ...")
        pds = pandas_suite(frames, by, args.pandas_runs)
        eng_rows, cli_rows = engine_rows[label]
        mismatches += check(label, eng_rows, by, pds["result"])
        mismatches += check(f"{label}, CLI json", cli_rows, by, pds["result"])
        results[label]["pandas"] = {k: v for k, v in pds.items() if k != "result"}
    results["mismatches"] = mismatches
    (data / "results.json").write_text(json.dumps(results, indent=2))
    report(results)


def report(r: dict[str, Any]) -> None:
    m = r["machine"]
    print()
    print(
        f"cxm benchmark: {r['rows']:,} tickets + {r['rows']:,} responses + "
        f"{r['rows'] // 50:,} customers (2025), SQLite + DuckDB analytics copy"
    )
    print(
        f"machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; Python {m['python']}, "
        f"DuckDB {m['duckdb']}, pandas {m['pandas']}, pyarrow {m['pyarrow']}, "
        f"SQLite {m['sqlite']}"
    )
    print(f"generate: {r['generate_s']:.1f} s")
    imp = r["import"]
    note = "  (recorded when the database was imported)" if imp.get("reused") else ""
    print(f"\n{'import (cxm import, subprocess)':<40}{'seconds':>10}{'peak RSS MB':>14}{note}")
    for step in (*ENTITIES, "refresh"):
        label = "cxm refresh (full rebuild)" if step == "refresh" else f"import {step}"
        print(f"{label:<40}{imp[step]['seconds']:>10.1f}{imp[step]['peak_rss_mb']:>14,.0f}")
    total = sum(imp[e]["seconds"] for e in ENTITIES)
    peak = max(imp[e]["peak_rss_mb"] for e in (*ENTITIES, "refresh"))
    print(f"{'import total (incl. refreshes)':<40}{total:>10.1f}{peak:>14,.0f}")

    print(
        f"\npandas: load CSV {r['pandas_load_s']:.1f} s (untimed below), prepare (local day, "
        f"month, durations, band) {r['pandas_prepare_s']:.2f} s (median); the 'pandas' "
        f"column is the\ncomputation alone on prepared DataFrames, which favours pandas."
    )
    prep = r["pandas_prepare_s"]
    head = (
        f"{'step (median s)':<36}{'cxm':>8}{'pandas':>9}{'ratio':>8}{'pandas+prep':>13}{'ratio':>8}"
    )
    print(f"\n{head}")
    for label in ("suite", "by channel"):
        s = r[label]
        p = s["pandas"]["median_s"]
        for name, fig in (
            (f"{label}: Replica.fresh + engine", s["engine"]["median_s"]),
            (f"{label}: engine queries only", s["engine"]["compute_only_median_s"]),
            (f"{label}: cxm metrics CLI (json)", s["cli"]["median_s"]),
        ):
            print(
                f"{name:<36}{fig:>8.3f}{p:>9.3f}{p / fig:>7.1f}x{p + prep:>13.3f}"
                f"{(p + prep) / fig:>7.1f}x"
            )
        queries = ", ".join(f"{k} {v:.3f}" for k, v in s["engine"]["per_query_median_s"].items())
        print(f"    engine queries (median s): {queries}")
        cxm_runs = ", ".join(f"{t:.3f}" for t in s["engine"]["runs_s"])
        pandas_runs = ", ".join(f"{t:.3f}" for t in s["pandas"]["runs_s"])
        print(f"    runs: cxm {cxm_runs}; pandas {pandas_runs}")
    print(
        "    ratio = pandas / cxm; pandas+prep adds the median time pandas takes to derive the "
        "columns the\n    analytics copy stores (local day, month, durations, band)."
    )

    suite = r["suite"]["engine"]["median_s"]
    ratio = r["suite"]["pandas"]["median_s"] / suite
    print(f"\ntargets (set for 10 M rows; this run: {r['rows']:,}):")
    print(
        f"  year suite warm < {TARGET_SUITE_S:.0f} s: {suite:.3f} s -> "
        f"{'met' if suite < TARGET_SUITE_S else 'MISSED'}"
    )
    print(
        f"  >= {TARGET_RATIO:.0f}x pandas: {ratio:.1f}x -> "
        f"{'met' if ratio >= TARGET_RATIO else 'MISSED'}"
    )
    print(
        f"  import peak RSS < {TARGET_IMPORT_MB} MB: {peak:,.0f} MB -> "
        f"{'met' if peak < TARGET_IMPORT_MB else 'MISSED'}"
    )
    if r["mismatches"]:
        print(f"\n!!! {r['mismatches']} MISMATCHES between the engine and pandas (see above) !!!")
    else:
        print("\nengine and pandas agree on every compared number (1e-6 relative)")


if __name__ == "__main__":
    main()
