print("lelu-local-engine: not yet")
