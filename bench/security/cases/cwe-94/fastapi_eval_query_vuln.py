"""FastAPI: a str query parameter handed straight to eval(); vulnerable."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/eval")
def evaluate(expression: str):
    return {"value": str(eval(expression))}
