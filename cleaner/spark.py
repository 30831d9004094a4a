"""Clean a text column of a Spark DataFrame, row for row as `clean --jsonl` cleans records.

    from cleaner.spark import clean_dataframe
    cleaned = clean_dataframe(spark.read.json("pages.jsonl"))   # text, url -> text, cleaner

Every input column is kept; the text column is replaced by the cleaned text (in place) and a
struct column of metadata is added (or replaced) under `meta_col`, with the values of
`cleaner.records.clean_record` on the same record:

    language string, site string, lines_removed bigint, chars_removed bigint,
    codes array<string>, withheld string, error string

`withheld` is set only when the document was left unchanged (see Cleaner.max_removed). A row
whose text is null keeps its null text, and only `error` is set, with clean_record's message
("'text' is null, not a string"). A field that clean_record leaves out is null here.

How it runs: one pandas UDF over the text and URL columns (Arrow batches; the other columns
never leave the JVM). The Cleaner is pickled once on the driver, rules included, so rule
directories need not exist on the executors. Each Python worker unpickles and builds it the
first time it meets it and keeps it for every later batch and task (Spark reuses its Python
workers), so the rules are compiled once per worker, never per row or per batch.

Needs the `spark` extra: pip install 'cleaner[spark]' (pyspark, pandas, pyarrow; Java 17+).
"""

import pickle
from functools import lru_cache

try:
    import pandas as pd
    from pyspark.sql import Column, DataFrame
    from pyspark.sql import functions as F
    from pyspark.sql.types import StringType
except ImportError as error:  # pragma: no cover - depends on the installation
    raise ImportError(
        f"cleaner.spark needs pyspark, pandas and pyarrow: pip install 'cleaner[spark]' ({error})"
    ) from error

from cleaner.engine import Cleaner
from cleaner.records import Fields, RecordError, clean_record

META_TYPE = (
    "struct<language:string,site:string,lines_removed:bigint,chars_removed:bigint,"
    "codes:array<string>,withheld:string,error:string>"
)
META_FIELDS = ("language", "site", "lines_removed", "chars_removed", "codes", "withheld", "error")


def clean_dataframe(
    df: DataFrame,
    *,
    text_col: str = "text",
    url_col: str | None = "url",
    meta_col: str = "cleaner",
    cleaner: Cleaner | None = None,
) -> DataFrame:
    """`df` with `text_col` cleaned and the metadata struct under `meta_col`.

    text_col must be a string column. url_col picks site rules where it holds a string; a
    missing column (or None) means no URL, and the page's content decides. cleaner: the
    Cleaner to use (rule directories, select / ignore, mode, max_removed); default Cleaner().
    """
    if meta_col == text_col:
        raise ValueError(f"the metadata can't go in the text column {text_col!r}")
    if text_col not in df.columns:
        raise ValueError(f"no column {text_col!r} in {df.columns}")
    text_type = df.schema[text_col].dataType
    if not isinstance(text_type, StringType):
        raise ValueError(f"column {text_col!r} is {text_type.simpleString()}, not a string")
    url = _column(url_col) if url_col in df.columns else F.lit(None).cast("string")
    blob = pickle.dumps(cleaner if cleaner is not None else Cleaner())
    udf = F.pandas_udf(
        _batch_cleaner(blob, Fields(text=text_col, url=url_col or "", meta=meta_col)),
        f"struct<text:string,meta:{META_TYPE}>",
    )
    scratch = _unused_name(df.columns)
    return (
        df.withColumn(scratch, udf(_column(text_col), url))
        .withColumns({text_col: F.col(f"{scratch}.text"), meta_col: F.col(f"{scratch}.meta")})
        .drop(scratch)
    )


@lru_cache(maxsize=8)
def worker_cleaner(blob: bytes) -> Cleaner:
    """The Cleaner pickled in `blob`, unpickled once per Python process and then reused, with
    the rule plans it compiles as it goes. cache_info().misses counts the builds."""
    return pickle.loads(blob)


def _batch_cleaner(blob: bytes, fields: Fields):
    def clean_batch(texts: pd.Series, urls: pd.Series) -> pd.DataFrame:
        cleaner = worker_cleaner(blob)
        done = [_clean(cleaner, fields, text, url) for text, url in zip(texts, urls, strict=True)]
        return pd.DataFrame({"text": [t for t, _ in done], "meta": [m for _, m in done]})

    return clean_batch


def _clean(cleaner: Cleaner, fields: Fields, text, url) -> tuple[str | None, dict]:
    """One row as clean_record sees it: a JSON record {text, url}. Arrow hands missing values
    over as None or NaN; a string column holds nothing else."""
    record = {fields.text: text if isinstance(text, str) else None}
    if isinstance(url, str):
        record[fields.url] = url
    try:
        cleaned = clean_record(cleaner, record, fields)
    except RecordError as error:
        return record[fields.text], {"error": str(error)}
    return cleaned[fields.text], cleaned[fields.meta]


def _column(name: str) -> Column:
    """A top-level column by its exact name, dots and backticks included."""
    return F.col("`" + name.replace("`", "``") + "`")


def _unused_name(names: list[str]) -> str:
    name = "_cleaner_result"
    while name in names:
        name += "_"
    return name
