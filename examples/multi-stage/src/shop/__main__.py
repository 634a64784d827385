from shop.prices import total

if __name__ == "__main__":
    print(total([("apple", 3, 0.5), ("pear", 2, 0.75)]))
