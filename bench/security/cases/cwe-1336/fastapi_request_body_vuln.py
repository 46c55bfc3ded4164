"""FastAPI: await request.body() decoded and compiled with Environment.from_string; vulnerable."""
from fastapi import FastAPI, Request
from fastapi.responses import PlainTextResponse
from jinja2 import Environment

app = FastAPI()
env = Environment()


@app.post("/sms/preview")
async def sms_preview(request: Request):
    raw = (await request.body()).decode("utf-8")
    return PlainTextResponse(env.from_string(raw).render(code="123456"))
