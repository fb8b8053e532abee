"""CSV files people open in spreadsheets: a cell that starts like a formula stays text.
Every CSV Rota writes for people goes through `SpreadsheetWriter`, so no column is missed."""

import csv
from collections.abc import Iterable
from typing import Any


def spreadsheet_safe(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet apps run cells that start like a formula; a leading quote keeps them text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class SpreadsheetWriter:
    """csv.writer whose every cell, in every row and column, is made spreadsheet-safe."""

    def __init__(self, out: Any) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([spreadsheet_safe(value) for value in row])
