"""The glossary for agents: `termgraph mcp`, a Model Context Protocol server (termgraph.mcp.server) over the
tools of termgraph.mcp.service (look up, search, explain, compare, list, named queries, read-only SPARQL).

(No module-level imports: the `mcp` SDK is loaded only when the server is made. Its package name is the same
word, but absolute imports keep `import mcp` meaning the SDK.)
"""
