"""Schemathesis hooks: the rules across parameters that an OpenAPI 3.0 document cannot state.

Each applies to positive cases only (what Schemathesis generates as valid must be valid); negative cases go
through untouched, so the API is still tested on refusing them (but one kind of JSON Lines case, which is not
negative once on the wire: see no_object_as_json_lines). Loaded through SCHEMATHESIS_HOOKS by
scripts/schemathesis.sh.
"""

import schemathesis
from schemathesis import GenerationMode
from schemathesis.openapi.checks import RejectedPositiveData


def _positive(case) -> bool:
    return case.meta is not None and case.meta.generation.mode == GenerationMode.POSITIVE


@schemathesis.hook("map_case").apply_to(path="/mandates/{id}/progress-reports", method="POST")
def period_in_order(context, case):
    """A report's period runs forwards: periodFrom is not after periodTo."""
    body = case.body
    if _positive(case) and isinstance(body, dict):
        start, end = body.get("periodFrom"), body.get("periodTo")
        if isinstance(start, str) and isinstance(end, str) and start > end:
            body["periodFrom"], body["periodTo"] = end, start
    return case


@schemathesis.hook("map_case").apply_to(path="/mandates", method="POST")
def adopted_in_the_symbols_year(context, case):
    """A resolution is adopted in the year its symbol names (`/14` in `AG/RES. 2866 (XLIV-O/14)`): adoptedOn takes
    that year. The patterns state each field; the equality between two of them no schema can."""
    import calendar
    import re

    body = case.body
    if not _positive(case) or not isinstance(body, dict):
        return case
    adopted, symbol = body.get("adoptedOn"), body.get("resolutionSymbol")
    match = re.search(r"/([0-9]{2})\)", symbol) if isinstance(symbol, str) else None
    if isinstance(adopted, str) and match:
        yy = int(match.group(1))
        year = (1900 if yy >= 48 else 2000) + yy
        month, day = int(adopted[5:7]), int(adopted[8:10])
        day = min(day, calendar.monthrange(year, month)[1])
        body["adoptedOn"] = f"{year:04d}-{month:02d}-{day:02d}"
    return case


@schemathesis.hook("map_case").apply_to(path="/mandates", method="GET")
def no_made_up_cursor(context, case):
    """A cursor is one the API wrote (a page's nextCursor, for the same sort): the schema says what it is made of,
    but no generator can write one. Positive cases go without; test/int covers cursors, forged ones included."""
    if _positive(case) and case.query:
        case.query.pop("cursor", None)
    return case


@schemathesis.hook("map_case").apply_to(path=["/mandates", "/exports/mandates.csv", "/exports/mandates.jsonl"], method="GET")
def relevance_needs_words(context, case):
    """Sort relevance ranks by the words of q: without q there is nothing to rank by."""
    query = case.query or {}
    if _positive(case) and query.get("sort") == "relevance" and "q" not in query:
        del query["sort"]
    return case


# JSON Lines go on the wire as text, like text/csv (Schemathesis sends any text/* so).
schemathesis.serializer.alias("application/x-ndjson", "text/plain")


@schemathesis.hook("map_case").apply_to(path="/imports", method="POST")
def import_file_of_one_row(context, case):
    """An import file's structure (a CSV's header naming import columns, one JSON object a line) is stated in words,
    not in its schema (a string): a positive case carries the generated text as the one row's `text`, in a file of
    the declared format. Each row is then judged on its own, so the file is accepted whatever the text."""
    import csv
    import io
    import json

    if not _positive(case) or not isinstance(case.body, str):
        return case
    if case.media_type == "text/csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
        writer.writerows([["text"], [case.body]])
        case.body = out.getvalue()
    elif case.media_type == "application/x-ndjson":
        case.body = json.dumps({"text": case.body}) + "\n"
    return case


@schemathesis.hook("filter_case").apply_to(path="/imports", method="POST")
def no_object_as_json_lines(context, case):
    """A negative JSON Lines case of the wrong type (an object in place of the file's text) goes on the wire as that
    object's JSON: a well-formed file of one row, which the import rightly accepts. Other wrong types stay."""
    return _positive(case) or not (case.media_type == "application/x-ndjson" and isinstance(case.body, dict))


@schemathesis.hook("filter_case").apply_to(path="/mandates/{id}/as-of", method="GET")
def one_moment(context, case):
    """The state as of a moment: give `at` or `sequence`, exactly one of them."""
    if not _positive(case):
        return True
    query = case.query or {}
    return ("at" in query) != ("sequence" in query)


def _looks_like_iso_moment(value) -> bool:
    import datetime

    if not isinstance(value, str):
        return False
    try:
        datetime.date.fromisoformat(value) if len(value) == 10 else datetime.datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


@schemathesis.hook("filter_case").apply_to(path="/mandates/{id}/as-of", method="GET")
def at_is_a_moment(context, case):
    """`at` is an ISO 8601 date or date-time. The audit routes' AsOfQuery does not state it in the document yet
    (src/audit belongs to the audit branch): this hook says it until it does."""
    if not _positive(case):
        return True
    at = (case.query or {}).get("at")
    return at is None or _looks_like_iso_moment(at)


@schemathesis.hook("filter_case").apply_to(path="/mandates/{id}/as-of", method="GET")
def sequence_is_whole(context, case):
    """`sequence` is a whole number; AsOfQuery documents it as a number (audit branch, as above)."""
    if not _positive(case):
        return True
    sequence = (case.query or {}).get("sequence")
    return sequence is None or (isinstance(sequence, int) and not isinstance(sequence, bool))


@schemathesis.hook("filter_failure").apply_to(path=["/audit/verify", "/audit/replay"], method="POST")
def no_valid_file_from_a_schema(context, failure, case, response):
    """The one exception: positive acceptance on the audit files.

    These routes take a signed export or a Temporal history. No generator makes a valid one from a schema, so every
    "valid" body Schemathesis draws is refused with a 400 naming what is wrong, as it should be. Acceptance is
    tested with real exports and histories in test/int/audit.test.ts; every other check still runs here.
    """
    return not (isinstance(failure, RejectedPositiveData) and response.status_code == 400)


@schemathesis.hook
def before_add_examples(context, examples):
    """The examples phase makes its cases from the document's examples (an adoption date of 2014 beside a generated
    symbol of 2000) without the filter_case and map_case hooks above: they apply here too."""
    from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

    kept = []
    for case in examples:
        if all(hook(context, case) for hook in GLOBAL_HOOK_DISPATCHER.applicable("filter_case", context)):
            for hook in GLOBAL_HOOK_DISPATCHER.applicable("map_case", context):
                case = hook(context, case)
            kept.append(case)
    examples[:] = kept
