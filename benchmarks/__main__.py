"""`make bench`: run every benchmark module in this folder and print its figures."""

import importlib
import pkgutil
import sys
from pathlib import Path


def main(names: list[str]) -> None:
    folder = Path(__file__).parent
    modules = sorted(m.name for m in pkgutil.iter_modules([str(folder)]) if m.name.startswith("bench_"))
    for name in modules:
        if names and name.removeprefix("bench_") not in names:
            continue
        module = importlib.import_module(f"benchmarks.{name}")
        print(f"{name}: {module.__doc__.strip().splitlines()[0]}")
        for figure in module.run():
            print(figure.line())


if __name__ == "__main__":
    main(sys.argv[1:])
