"""The reader's screens: the main reader, the empty-corpus notice and the modal screens."""
