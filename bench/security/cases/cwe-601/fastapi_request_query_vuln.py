"""FastAPI: Request.query_params value stored in a dict and redirected to; vulnerable."""
from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse

app = FastAPI()


@app.get("/continue")
async def cont(request: Request):
    ctx = {"to": request.query_params.get("to", "/"), "reason": "login"}
    return RedirectResponse(ctx["to"])
