"""FastAPI: the value is converted with int() before it is formatted into eval(); safe."""
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/square")
async def square(request: Request):
    n = int(request.query_params.get("n", "0"))
    return {"square": eval(f"{n} ** 2")}
