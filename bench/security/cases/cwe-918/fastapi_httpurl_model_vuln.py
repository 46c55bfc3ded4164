"""FastAPI: a pydantic HttpUrl only checks the syntax; the webhook URL (any host) is POSTed to; vulnerable."""
import httpx
from fastapi import FastAPI
from pydantic import BaseModel, HttpUrl

app = FastAPI()


class Webhook(BaseModel):
    url: HttpUrl
    secret: str


@app.post("/webhooks")
def register(hook: Webhook):
    r = httpx.post(str(hook.url), json={"type": "verification"}, timeout=5)
    return {"verified": r.status_code == 200}
