"""FastAPI: script field read from the raw Request JSON with .get() and run by exec; vulnerable."""
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/automation/run")
async def run_automation(request: Request):
    data = await request.json()
    script = data.get("script", "pass")
    scope = {"result": None}
    exec(script, scope)
    return {"result": repr(scope.get("result"))}
