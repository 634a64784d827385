print("overlap")
