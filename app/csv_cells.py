"""CSV files people open in spreadsheets: a cell that starts like a formula stays text."""


def spreadsheet_safe(value: object) -> str:
    text = "" if value is None else str(value)
    # Spreadsheet apps run cells that start like a formula; a leading quote keeps them text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
