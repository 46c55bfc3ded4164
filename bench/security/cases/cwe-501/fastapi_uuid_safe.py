"""FastAPI: the workspace id is parsed with uuid.UUID; its canonical form is stored in the session; safe."""
import uuid

from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.post("/workspaces/{workspace_id}/open")
def open_workspace(request: Request, workspace_id: str):
    request.session["workspace"] = str(uuid.UUID(workspace_id))
    return {"workspace": request.session["workspace"]}
