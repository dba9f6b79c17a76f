"""Which tables of a plan are layout rather than data.

Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP) set the issuer/number/date
header and the recipients/signature block as borderless two-column tables of one or two
rows; a data table (tasks, targets) is wider or longer. Readers turn layout tables into
paragraphs, one per line of each cell, and data tables into tab-separated rows.
"""

LAYOUT_MAX_ROWS = 3
LAYOUT_MAX_COLUMNS = 2


def is_layout(rows: int, columns: int) -> bool:
    """True for a table of at most three rows and two columns."""
    return rows <= LAYOUT_MAX_ROWS and columns <= LAYOUT_MAX_COLUMNS
