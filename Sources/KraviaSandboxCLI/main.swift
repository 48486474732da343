print("kravia-sandbox")
