"""`--fixture-durations=N`: the N fixtures whose set-up cost the run the most time, the
counterpart of pytest's `--durations` (which charges a fixture to whichever test set it up
first). With pytest-xdist, each worker sends its figures to the controller, which adds them up."""

import time
from collections import defaultdict

import pytest


def pytest_addoption(parser):
    parser.addoption(
        "--fixture-durations",
        type=int,
        default=None,
        metavar="N",
        help="show the N fixtures with the longest set-up time in all (0 for all)",
    )


def pytest_configure(config):
    if config.getoption("fixture_durations") is not None:
        config.pluginmanager.register(FixtureClock(config), "fixture-clock")


class FixtureClock:
    def __init__(self, config):
        self.config = config
        self.seconds = defaultdict(float)
        self.count = defaultdict(int)

    @pytest.hookimpl(wrapper=True)
    def pytest_fixture_setup(self, fixturedef):
        start = time.perf_counter()
        try:
            return (yield)
        finally:
            name = f"{fixturedef.argname} ({fixturedef.scope})"
            self.seconds[name] += time.perf_counter() - start
            self.count[name] += 1

    def pytest_sessionfinish(self, session):
        if hasattr(self.config, "workeroutput"):  # an xdist worker: hand the figures over
            self.config.workeroutput["fixture_seconds"] = dict(self.seconds)
            self.config.workeroutput["fixture_count"] = dict(self.count)

    @pytest.hookimpl(optionalhook=True)  # pytest-xdist's
    def pytest_testnodedown(self, node, error):
        output = getattr(node, "workeroutput", {})
        for name, seconds in output.get("fixture_seconds", {}).items():
            self.seconds[name] += seconds
        for name, count in output.get("fixture_count", {}).items():
            self.count[name] += count

    def pytest_terminal_summary(self, terminalreporter):
        if hasattr(self.config, "workeroutput"):
            return
        shown = self.config.getoption("fixture_durations") or None
        ranked = sorted(self.seconds.items(), key=lambda item: -item[1])[:shown]
        terminalreporter.write_sep("=", "fixture set-up, seconds in all (nested ones included)")
        for name, seconds in ranked:
            terminalreporter.write_line(f"{seconds:9.2f}s {self.count[name]:6d}×  {name}")
