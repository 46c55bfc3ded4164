"""FastAPI: a Form() field stored in request.session; vulnerable."""
from fastapi import FastAPI, Form, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.post("/org/switch")
def switch_org(request: Request, org_id: str = Form(...)):
    request.session["org_id"] = org_id
    return {"org": org_id}
