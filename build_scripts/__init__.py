"""Site generation: the MkDocs hook and the Jinja2 templates that turn the engine's data into pages."""
