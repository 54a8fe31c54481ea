"""Reading MediaWiki wikitext with mwparserfromhell: references numbered as Cite numbers
them, citation templates read into fields, template values rendered into lines with their
citation markers, and the article body cut into sections, paragraphs and sentences.

Nothing here knows about RDF; the reader in ``warkg.build.readers.wikitext`` turns what
these modules find into the article model.
"""
