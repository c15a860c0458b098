"""The reader's widgets: document panes and views, the links and search panels, status lines."""
