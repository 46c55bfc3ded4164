"""FastAPI: campaign value only echoed in a response header; the session gets a constant flag; safe."""
from fastapi import FastAPI, Request, Response
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env-in-prod")


@app.get("/landing")
def landing(request: Request, response: Response, campaign: str = ""):
    response.headers["X-Campaign"] = campaign[:40]
    request.session["seen_landing"] = True
    return {"welcome": True}
