print("slow secret")
