"""The intake benchmark's file stays loadable (a benchmark that measures a rejection measures nothing)."""

from etl.intake import service


def test_the_benchmark_file_loads_without_a_problem(env):
    from benchmarks.intake_bench import synthetic_file

    data, wh = env
    result = service.add([service.Upload("bench.csv", synthetic_file(40))], None, "tester", data, wh, dry_run=True)
    assert result.verdict == "load" and not [p for plan in result.plans for p in plan.problems]
    assert result.plans[0].counts()["new"] == 40
