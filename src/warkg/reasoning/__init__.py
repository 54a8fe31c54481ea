"""OWL 2 RL reasoning: the closure of a graph (on a copy) with owlrl, the reference, or
reasonable, the fast engine, and the by-pattern path that decides between them.
"""
