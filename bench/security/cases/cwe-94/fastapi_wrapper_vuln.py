"""FastAPI: a helper returns a query parameter from the Request; the caller eval()s it; vulnerable."""
from fastapi import FastAPI, Request

app = FastAPI()


def read_param(request: Request, name: str) -> str:
    return request.query_params.get(name, "")


@app.get("/score")
async def score(request: Request):
    weights = read_param(request, "weights")
    return {"weights": eval("[" + weights + "]")}
