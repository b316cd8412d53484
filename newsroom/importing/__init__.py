"""Import of printed issues: decode the file, parse its text (pure), load it into the database.

Its user interfaces live here too: ``admin`` (the issues' admin page that uploads, previews
and confirms, with ``report``, the plan and outcome in the editor's language) and the
``import_issue`` command (``newsroom/management/commands``). ``articles`` and ``events``
know nothing of it.
"""
