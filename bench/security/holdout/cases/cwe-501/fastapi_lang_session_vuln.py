"""FastAPI: lang query parameter stored in the Starlette session; vulnerable."""
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key="from-env-in-prod")


@app.get("/lang")
def set_lang(request: Request, lang: str = "en"):
    request.session["lang"] = lang
    return {"lang": lang}
