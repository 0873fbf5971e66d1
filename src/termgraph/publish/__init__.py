"""Publishing a build into a remote triple store, atomically and verified, over the SPARQL 1.1 standards."""
