def total(lines):
    return round(sum(qty * price for _, qty, price in lines), 2)
