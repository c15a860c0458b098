"""One module per `xref` command."""
