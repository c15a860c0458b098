"""The reader in a browser: `xref serve` (tui/commands/serve.py) runs tui/web/server.py."""
