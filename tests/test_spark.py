"""The Spark adapter, in a real local SparkSession: every row is cleaned as clean_record (and so
`clean --jsonl`) cleans the same record, the README's JSONL/Parquet example runs, and each
Python worker builds the cleaner once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from pyspark.sql import SparkSession

from cleaner import Cleaner
from cleaner.records import Fields, RecordError, clean_record, dumps, parse_line
from cleaner.spark import META_FIELDS, clean_dataframe

from .conftest import CORPUS
from .test_api import GREEDY_SITE  # a site file whose rules would wipe a page


def page(name: str) -> str:
    return next(CORPUS.glob(f"{name}_*.txt")).read_text(encoding="utf-8")


# (id, text, url): the five seed pages with their sites' URLs, one without a URL, one with a
# URL no site file knows, a short text, an empty text and a null text.
ROWS = [
    (0, page("000"), "https://www.thenationalnews.com/world/2021/05/24/blinken-trip/"),
    (1, page("001"), "https://www.aljazeera.com/news/2021/5/24/us-blinken-heads-to-middle-east"),
    (2, page("002"), "https://www.trtworld.com/mea/blinken-heads-to-middle-east-46684"),
    (3, page("003"), "https://gvwire.com/2021/05/24/blinken-off-to-mideast/"),
    (4, page("004"), "https://www.israelhayom.com/2021/05/24/blinken-trip/"),
    (5, page("001"), None),
    (6, page("003"), "https://example.org/elsewhere"),
    (7, "Share\n\nThe council met on Tuesday night.\n", None),
    (8, "", None),
    (9, None, "https://gvwire.com/2021/05/24/empty/"),
]
SCHEMA = "id long, text string, url string"
DEFAULT_FIELDS = Fields()


@pytest.fixture(scope="session")
def spark():
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter
    session = (
        SparkSession.builder.master("local[2]")
        .appName("cleaner-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


def as_record(row, meta: str = "cleaner") -> dict:
    """A row as the JSON record `clean --jsonl` writes: the metadata fields clean_record sets
    (withheld only when set), or just the error."""
    record = row.asDict(recursive=True)
    values = record[meta]
    if values["error"] is not None:
        record[meta] = {"error": values["error"]}
    else:
        record[meta] = {k: values[k] for k in META_FIELDS[:5]}
        if values["withheld"] is not None:
            record[meta]["withheld"] = values["withheld"]
    return record


def expected(cleaner: Cleaner, record: dict, fields: Fields = DEFAULT_FIELDS) -> dict:
    """What the CLI writes for `record` (without its "line N: " prefix on errors)."""
    try:
        return clean_record(cleaner, record, fields)
    except RecordError as error:
        return {**record, fields.meta: {"error": str(error)}}


@pytest.fixture(scope="session")
def cleaned(spark):
    return clean_dataframe(spark.createDataFrame(ROWS, SCHEMA)).orderBy("id").collect()


def test_every_row_equals_clean_record_on_the_same_record(cleaned, cleaner: Cleaner):
    assert [row.id for row in cleaned] == [id_ for id_, _, _ in ROWS]
    for row, (id_, text, url) in zip(cleaned, ROWS, strict=True):
        record = {"id": id_, "text": text, "url": url}
        assert dumps(as_record(row)) == dumps(expected(cleaner, record)), id_


def test_what_is_kept_and_removed(cleaned):
    gvwire = cleaned[3]
    assert "Secretary of State Antony Blinken will head to the Middle East on Monday" in gvwire.text
    assert "DON'T MISS" not in gvwire.text
    assert "Tesla Settles Wrongful Death Lawsuit" not in gvwire.text
    assert gvwire.cleaner.site == "gvwire.com" and gvwire.cleaner.language == "English"
    assert "TSR001" in gvwire.cleaner.codes and gvwire.cleaner.lines_removed > 0
    assert gvwire.cleaner.withheld is None and gvwire.cleaner.error is None
    assert cleaned[5].cleaner.site == "aljazeera.com"  # no URL: the content decides
    assert cleaned[6].cleaner.site is None  # a URL no site file serves: generic rules only
    assert cleaned[7].text == "The council met on Tuesday night.\n"
    assert cleaned[7].cleaner.codes == ["SHR001"]
    assert cleaned[8].text == "" and cleaned[8].cleaner.codes == []
    assert cleaned[9].text is None and cleaned[9].url == ROWS[9][2]
    assert cleaned[9].cleaner.error == "'text' is null, not a string"
    assert cleaned[9].cleaner.codes is None


def test_own_cleaner_and_column_names_rules_travel_with_the_cleaner(spark, tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "greedy.yaml").write_text(GREEDY_SITE, encoding="utf-8")
    cleaner = Cleaner(rules_dirs=(rules,), ignore=["SHR001"])
    shutil.rmtree(rules)  # the executors get the rules from the pickled cleaner, not the files
    rows = [
        ("a", "https://greedy.example/story", page("002")),
        ("b", None, "Share\n\nThe council met on Tuesday night.\n"),
        ("c", "https://www.trtworld.com/mea/x", None),
    ]
    df = spark.createDataFrame(rows, "key string, link string, body string")
    out = clean_dataframe(df, text_col="body", url_col="link", meta_col="_clean", cleaner=cleaner)
    assert out.columns == ["key", "link", "body", "_clean"]
    fields = Fields(text="body", url="link", meta="_clean")
    got = {row.key: row for row in out.collect()}
    for key, link, body in rows:
        record = {"key": key, "link": link, "body": body}
        assert dumps(as_record(got[key], "_clean")) == dumps(expected(cleaner, record, fields))
    assert got["a"].body == page("002") and "greedy.yaml would remove" in got["a"]._clean.withheld
    assert got["b"].body.startswith("Share") and got["b"]._clean.codes == []
    assert got["c"]._clean.error == "'body' is null, not a string"


def test_no_url_column_and_an_existing_metadata_column_replaced(spark, cleaner: Cleaner):
    df = spark.createDataFrame([(page("001"), "old")], "text string, cleaner string")
    row = clean_dataframe(df).collect()[0]
    assert dumps(as_record(row)) == dumps(expected(cleaner, {"text": page("001")}))
    assert row.cleaner.site == "aljazeera.com"  # from the page's content


def test_text_column_must_be_a_string_column(spark):
    df = spark.createDataFrame([(1,)], "text long")
    with pytest.raises(ValueError, match="column 'text' is bigint, not a string"):
        clean_dataframe(df)
    with pytest.raises(ValueError, match="no column 'body'"):
        clean_dataframe(df, text_col="body")


@pytest.mark.parametrize("source", ["jsonl", "parquet"])
def test_readme_example_jsonl_or_parquet_in_parquet_out(spark, tmp_path, cleaner, source):
    lines = [dumps({"id": id_, "text": text, "url": url}) for id_, text, url in ROWS]
    (tmp_path / "pages.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if source == "parquet":
        spark.read.json(str(tmp_path / "pages.jsonl")).write.parquet(str(tmp_path / "pages"))

    # The README's example.
    if source == "jsonl":
        pages = spark.read.json(str(tmp_path / "pages.jsonl"))
    else:
        pages = spark.read.parquet(str(tmp_path / "pages"))
    cleaned = clean_dataframe(pages, text_col="text", url_col="url")
    cleaned.write.mode("overwrite").parquet(str(tmp_path / "cleaned"))

    back = spark.read.parquet(str(tmp_path / "cleaned")).orderBy("id").collect()
    assert len(back) == len(lines)
    for row, line in zip(back, lines, strict=True):
        assert dumps(as_record(row)) == dumps(expected(cleaner, parse_line(line)))


def worker_stats(spark) -> dict[int, tuple[int, int]]:
    """(builds, lookups) of cleaner.spark.worker_cleaner in each Python worker process."""

    def probe(frames):
        import pandas as pd

        from cleaner.spark import worker_cleaner

        info = worker_cleaner.cache_info()
        for _ in frames:
            yield pd.DataFrame(
                {
                    "pid": [os.getpid()],
                    "builds": [info.misses],
                    "lookups": [info.hits + info.misses],
                }
            )

    stats = spark.range(0, 8, numPartitions=8).mapInPandas(
        probe, "pid long, builds long, lookups long"
    )
    return {row.pid: (row.builds, row.lookups) for row in stats.collect()}


def test_each_python_worker_builds_the_cleaner_once(spark):
    cleaner = Cleaner(ignore=["NAV004"])  # a cleaner no other test uses
    rows = [(n, text, url) for n, (_, text, url) in enumerate(ROWS[:8] * 4)]
    df = spark.createDataFrame(rows, SCHEMA).repartition(8)  # 8 tasks of 4 rows
    before = worker_stats(spark)
    spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", "2")
    try:
        assert len(clean_dataframe(df, cleaner=cleaner).collect()) == 32
    finally:
        spark.conf.unset("spark.sql.execution.arrow.maxRecordsPerBatch")
    after = worker_stats(spark)
    builds = {pid: b - before.get(pid, (0, 0))[0] for pid, (b, _) in after.items()}
    lookups = sum(n - before.get(pid, (0, 0))[1] for pid, (_, n) in after.items())
    assert all(n <= 1 for n in builds.values()), builds  # never twice in one worker
    assert 1 <= sum(builds.values()) < 8, builds  # fewer builds than tasks: workers are reused
    assert lookups == 16  # batches of 2 rows: one lookup a batch, none a row


def test_same_records_as_the_command_line(spark, tmp_path):
    """The same JSON Lines file through `clean` and through Spark: the same records."""
    lines = [dumps({"id": id_, "text": text, "url": url}) for id_, text, url in ROWS]
    source = tmp_path / "pages.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "-q", str(source)], capture_output=True, check=False
    )
    by_cli = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    by_spark = clean_dataframe(spark.read.json(str(source))).orderBy("id").collect()
    assert len(by_cli) == len(by_spark) == len(ROWS)
    for number, (cli, row) in enumerate(zip(by_cli, by_spark, strict=True), 1):
        if "error" in cli["cleaner"]:  # the command says where: "line N: …"
            cli["cleaner"]["error"] = cli["cleaner"]["error"].removeprefix(f"line {number}: ")
        assert cli == json.loads(dumps(as_record(row))), number
