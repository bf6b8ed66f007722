import ReviewModel
print("lelu-console: not yet")
