"""Print how long one password verification takes with the production Argon2id parameters.

    .venv/bin/python scripts/measure_password_hash.py [--runs 20]

Reads the parameters from `config.ProductionConfig` (so GLAS_ARGON2_* environment variables
apply), hashes a password once, then times `runs` verifications and prints the median. Login
pays this once per attempt, for a known and an unknown e-mail alike. The CPU time (summed over
Argon2's threads) hardly depends on what else the machine is doing; the wall-clock median does.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

from argon2 import PasswordHasher

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from config import ProductionConfig  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    hasher = PasswordHasher(
        time_cost=ProductionConfig.ARGON2_TIME_COST,
        memory_cost=ProductionConfig.ARGON2_MEMORY_KIB,
        parallelism=ProductionConfig.ARGON2_PARALLELISM,
    )
    password = "a sentence that someone might choose"  # noqa: S105 (a sample)
    stored = hasher.hash(password)
    timings, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        hasher.verify(stored, password)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    print(
        f"Argon2id t={hasher.time_cost} m={hasher.memory_cost} KiB "
        f"({hasher.memory_cost // 1024} MiB) p={hasher.parallelism}, {args.runs} verifications: "
        f"median {statistics.median(timings) * 1000:.1f} ms "
        f"(min {min(timings) * 1000:.1f}, max {max(timings) * 1000:.1f}); "
        f"CPU time, all threads: median {statistics.median(cpu) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
