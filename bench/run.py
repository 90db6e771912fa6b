"""Run the benchmarks and report them: ``python -m bench.run`` (``make bench``).

Builds (or reuses) a database of invented cases in ``bench/.cache/``, measures start-up,
peak memory and the register's search, prints a Markdown table, writes
``bench/results.json`` and, unless ``--no-readme``, the README's bench block.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bench import report
from bench.features import measure_features
from bench.generate import cached_case_count, generate_database
from bench.search import measure_search
from bench.startup import PROJECT_ROOT, measure_startup

BENCH_DIR = Path(__file__).resolve().parent
CACHE_DIR = BENCH_DIR / ".cache"
RESULTS_JSON = BENCH_DIR / "results.json"
README = PROJECT_ROOT / "README.md"
SEED = 7


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description="性能测试")
    parser.add_argument(
        "--cases", type=int, default=100_000, help="测试库中的案件数（默认 100000）"
    )
    parser.add_argument("--repeat", type=int, default=5, help="每项测量的次数，取中位数（默认 5）")
    parser.add_argument("--no-readme", action="store_true", help="不更新 README.md 中的结果")
    return parser


def prepare_database(cases: int) -> tuple[Path, dict]:
    path = CACHE_DIR / f"cases-{cases}-seed{SEED}.db"
    reused = cached_case_count(path) == cases
    started = time.perf_counter()
    generate_database(path, cases, SEED)
    seconds = time.perf_counter() - started
    return path, {"reused_cache": reused, "seconds": seconds, "path": str(path)}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.cases < 1 or args.repeat < 1:
        print("--cases 与 --repeat 须为正整数。", file=sys.stderr)
        return 2
    print(f"准备测试库（{args.cases:,} 件案件）…", flush=True)
    db_path, generation = prepare_database(args.cases)
    if generation["reused_cache"]:
        print(f"  复用缓存 {db_path}")
    else:
        print(f"  已生成 {db_path}，用时 {generation['seconds']:.1f} s")
    print(f"测量启动时间与内存（{args.repeat} 次）…", flush=True)
    startup = measure_startup(db_path, args.repeat)
    print(f"测量搜索（{args.repeat} 次）…", flush=True)
    search = measure_search(db_path, args.repeat)

    features = measure_features(db_path, args.repeat)

    results = report.collect(args.cases, args.repeat, generation, startup, search)
    results["features"] = features
    machine = results["machine"]
    print()
    print(
        f"日期 {machine['date']}；{machine['cpu_count']} 个 CPU；Python {machine['python']}；"
        f"SQLite {machine['sqlite']}；{machine['platform']}"
    )
    print()
    print(report.readme_block(results))
    print()
    if startup.app_error and startup.app:
        print("注意：程序启动有一次失败，只统计了成功的几次。")
    report.write_json(RESULTS_JSON, results)
    print(f"结果已写入 {RESULTS_JSON}")
    if not args.no_readme:
        print(report.update_readme(README, report.readme_block(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
