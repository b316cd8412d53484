"""The editors' admin for the paper, one module per part of it.

- ``issues``: issues and their make-up, the import's warnings, publishing a whole issue;
- ``articles``: articles with their bylines and the workflow's actions;
- ``corrections``: corrections, on their article and listed on their own;
- ``names``: sections, columns, series and authors;
- ``preview``: signed preview links to drafts;
- ``base``: what these share.

Every list is built to run a fixed number of queries however long it is (annotated counts,
``list_select_related`` and prefetches), and every form says in its own words what is wrong.
"""

from . import articles, corrections, issues, names

__all__ = ["articles", "corrections", "issues", "names"]
