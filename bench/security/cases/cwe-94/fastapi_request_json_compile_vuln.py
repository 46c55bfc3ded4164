"""FastAPI: code from await request.json() compiled in exec mode and run; vulnerable."""
from fastapi import FastAPI, Request

app = FastAPI()


@app.post("/hooks")
async def hook(request: Request):
    payload = await request.json()
    hook_src = payload.get("on_event", "pass")
    code_obj = compile(hook_src, "<hook>", "exec")
    exec(code_obj, {"event": payload})
    return {"ran": True}
