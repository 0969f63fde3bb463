"""The use cases: one module per command group. Each function runs one piece of work in one transaction (the
store, the trail) and returns a result dataclass; nothing here prints, parses options or knows about Typer."""
