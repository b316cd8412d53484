"""Import of printed issues: decode the file, parse its text (pure), load it into the database."""
