"""HR exports in: CSV and Parquet files -> :class:`Population`, strict by default.

Files and their columns (names can be mapped with ``columns``; see docs/population.md):

* professionals: ``id``, ``registered_on`` (empty: not registered), ``fte`` (default 1.0 when
  the column is absent), ``entered_service``; every further column is kept as a grouping
  attribute (organisation, scale, birth year, ...);
* activities: ``professional_id``, ``date``, ``hours`` or ``points`` (or both columns with
  exactly one filled per row), ``category``, ``theme`` (several separated by ``;``),
  ``accredited`` (true/false; false when the column is absent), optional ``provider`` and
  ``id`` (when absent, an activity is named after its row: ``row0000017``);
* employments: ``professional_id``, ``start``, ``end`` (empty while ongoing),
  ``hours_per_week``, optional ``role`` and ``id``;
* leaves: ``professional_id``, ``start``, ``end``, ``kind`` (illness, pregnancy, parental,
  care, other), optional ``id``;
* events: ``professional_id``, ``kind`` (a register event kind), ``date``, optional ``level``,
  ``until`` and ``id``;
* attestations: ``professional_id``, ``kind`` (ambtseed, belofte, gedragscode, ... as the
  rule file declares), ``date``, optional ``id``.

Every cell is checked. Without ``rejects`` the first bad row raises :class:`DataError` naming
the file, the row (as a spreadsheet shows it: the header is row 1), the column, the value and
what is allowed. With ``rejects=PATH`` bad rows are written to that CSV file instead (one line
per rejected row: file, row, column, value, problem) and the :class:`LoadReport` accounts for
every row: ``read == accepted + rejected``. Activities, employments, leaves and events of a
rejected professional are rejected too, saying so.

Reading is done in batches so that memory stays proportional to the result. With pyarrow
installed, CSV files are parsed by pyarrow (much faster); the checks are the same, because
both readers hand the same distinct texts of each column to the same converters.

What a cell may hold is decided by :mod:`vakmanschap.model.cells`, the table that person files
use too. The package is split by job: ``columns`` (expected columns and the mapping), ``sources``
(batches of distinct texts from the csv module, pyarrow or Parquet), ``batching`` (pyarrow's
blocks read ahead in a second thread, their ids joined a few blocks at a time), ``convert`` (cells
to column values, each distinct text once), ``reader`` (one file: checks, rejects, row accounting)
and ``assemble`` (the files into the tables of a :class:`Population`).
"""

from vakmanschap.population.reading.assemble import load
from vakmanschap.population.reading.columns import FIELDS, normalise_columns
from vakmanschap.population.reading.sources import have_pyarrow

__all__ = ["FIELDS", "have_pyarrow", "load", "normalise_columns"]
