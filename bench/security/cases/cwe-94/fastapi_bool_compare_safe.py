"""FastAPI: only the result of a comparison (True/False) is formatted into the exec'd code; safe."""
from fastapi import FastAPI, Request

app = FastAPI()


@app.get("/flags")
async def flags(request: Request):
    verbose = request.query_params.get("verbose") == "1"
    scope = {}
    exec(f"VERBOSE = {verbose}", scope)
    return {"verbose": scope["VERBOSE"]}
