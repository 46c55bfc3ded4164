"""FastAPI: display name and tier from a pydantic body stored in a dict inside the Starlette session; vulnerable."""
from fastapi import FastAPI, Request
from pydantic import BaseModel
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env-in-prod")


class ProfileIn(BaseModel):
    display_name: str
    tier: str = "free"


@app.post("/profile")
def set_profile(request: Request, body: ProfileIn):
    request.session["profile"] = {"name": body.display_name, "tier": body.tier}
    return {"ok": True}
