"""FastAPI: parameter typed int interpolated into an eval'd expression; FastAPI validates it as an integer first; safe."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/square")
def square(n: int):
    expression = f"{n} ** 2"
    return {"value": eval(expression)}
