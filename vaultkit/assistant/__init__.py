"""The vault served to an AI assistant over the Model Context Protocol (`vaultkit mcp`, SPEC §9)."""
