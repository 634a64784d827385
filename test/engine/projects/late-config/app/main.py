def main():
    print("serving")


if __name__ == "__main__":
    main()
