"""The model: IRIs (minted only here), content records -> RDF, and the index pages of the listings."""
