"""FastAPI: predicate query parameter wrapped in an f-string lambda and evaluated; vulnerable."""
from fastapi import FastAPI

app = FastAPI()
ROWS = [{"id": 1, "price": 10}, {"id": 2, "price": 25}]


@app.get("/rows")
def rows(where: str = "True"):
    fn = eval(f"lambda row: {where}")
    return [r for r in ROWS if fn(r)]
