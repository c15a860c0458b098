"""The face of xref-reader: the Textual reader and the `xref` command line, thin over the engine."""
