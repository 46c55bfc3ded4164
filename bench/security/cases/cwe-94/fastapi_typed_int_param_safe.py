"""FastAPI: `level: int` is validated to an int by FastAPI before it reaches eval(); safe."""
from fastapi import FastAPI

app = FastAPI()


@app.get("/threshold")
def threshold(level: int = 1):
    limit = eval("%d * 1000" % level)
    return {"limit": limit}
