"""FastAPI: `page_size: int` is validated by FastAPI and clamped before the session write; safe."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env")


@app.get("/prefs/page-size")
def page_size(request: Request, page_size: int = 20):
    request.session["page_size"] = max(1, min(int(page_size), 100))
    return {"page_size": request.session["page_size"]}
