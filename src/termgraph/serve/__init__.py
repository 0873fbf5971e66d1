"""Serving the glossary over HTTP: the SPARQL 1.1 Protocol endpoint, term IRIs, pages and the API."""
