"""The printable method guide: what it contains (spec), how a built page becomes a chapter (html),
the whole document of one language (document), the download link in the built pages (stamp).
The command is scripts/kb/pdf.py."""
