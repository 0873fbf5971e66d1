"""Validation: the SHACL shapes of ontology/shapes.ttl run over the whole graph, results located in the content."""
