def main():
    return "ok"
