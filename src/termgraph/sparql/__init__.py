"""SPARQL: named queries with typed parameters, the embedded and remote stores behind one interface, results."""
